import { APPLICATION_ID } from '../archive-id.js';
import { ArchiveSetupError, DatabaseError } from '../errors.js';
import { SERVER_TOO_OLD_FIX, serverTooOld } from './server-version.js';
import { MIGRATIONS_TABLE, POSTGRES_MIGRATIONS_FOLDER, type SchemaState, newerSchema, quoteIdentifier, schemaState } from './schema-state.js';
import type { PgSession } from './session.js';

/** Held while migrating: two commands that find the schema absent or old at once migrate one after the other. */
const MIGRATION_LOCK = 1;

/**
 * Creates or upgrades the archive's schema with drizzle's migrator (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team"),
 * under an advisory lock so that two commands starting together do not both migrate. A role that
 * may not (a support desk's) is told what to run instead, and a server too old for the schema says
 * so rather than failing part-way through a migration: exit 2, nothing changed.
 */
export async function migratePostgres(session: PgSession): Promise<SchemaState> {
  return session.run(async (client) => {
    const server = (
      await client.query<{ version: string; versionNum: number }>(
        `SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS "versionNum"`,
      )
    ).rows[0]!;
    const tooOld = serverTooOld(server, session.location);
    if (tooOld !== null) throw new ArchiveSetupError(tooOld, SERVER_TOO_OLD_FIX);
    await client.query('SELECT pg_advisory_lock($1, $2)', [APPLICATION_ID, MIGRATION_LOCK]);
    try {
      const before = await schemaState(client);
      if (before.newer) throw newerSchema(session.location);
      if (before.present && before.version.applied === before.version.known) return before;
      const [{ drizzle }, { migrate }] = await Promise.all([import('drizzle-orm/node-postgres'), import('drizzle-orm/node-postgres/migrator')]);
      try {
        if (before.missingSchema) {
          await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(before.schema)}`);
          // The search path resolved to nothing before the schema existed: resolve it again.
          await client.query(`SELECT set_config('search_path', current_setting('search_path'), false)`);
        }
        await migrate(drizzle(client), { migrationsFolder: POSTGRES_MIGRATIONS_FOLDER, migrationsTable: MIGRATIONS_TABLE, migrationsSchema: before.schema });
      } catch (failure) {
        // drizzle wraps the server's error ("Failed query: …"), whose code says what went wrong.
        const error = failure instanceof Error && failure.cause instanceof Error ? failure.cause : failure;
        if ((error as { code?: unknown }).code === '42501' || /permission denied|must be owner/i.test((error as Error).message)) {
          throw cannotMigrate(session.location, before, (error as Error).message);
        }
        throw failure;
      }
      return await schemaState(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [APPLICATION_ID, MIGRATION_LOCK]).catch(() => {});
    }
  });
}

function cannotMigrate(location: string, state: SchemaState, reason: string): ArchiveSetupError {
  if (!state.present) {
    return new ArchiveSetupError(
      `cannot create the archive at ${location}: ${reason}`,
      `the role that syncs needs to own schema ${state.schema} or have CREATE on it (README.md, "When one file is not enough")`,
    );
  }
  return new ArchiveSetupError(
    `the archive at ${location} has an older schema (${state.version.applied} of ${state.version.known} migrations) and this role may not upgrade it: ${reason}`,
    "run 'recordings sync' once as the role that syncs and owns the schema: it applies the migrations",
  );
}
