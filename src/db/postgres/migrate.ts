import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { APPLICATION_ID } from '../archive-id.js';
import { ArchiveSetupError, DatabaseError } from '../errors.js';
import type { SchemaVersion } from '../migrations.js';
import { SERVER_TOO_OLD_FIX, serverTooOld } from './server-version.js';
import type { PgSession } from './session.js';

/** drizzle-kit's output for PostgreSQL (drizzle.postgres.config.ts), found from this module's own URL. */
export const POSTGRES_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations/postgres', import.meta.url));

const MIGRATIONS_TABLE = '__drizzle_migrations';
/** Held while migrating: two commands that find the schema absent or old at once migrate one after the other. */
const MIGRATION_LOCK = 1;

interface JournalEntry {
  tag: string;
  when: number;
}

let journalCache: JournalEntry[] | undefined;

function journal(): JournalEntry[] {
  journalCache ??= (JSON.parse(readFileSync(`${POSTGRES_MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as { entries: JournalEntry[] }).entries;
  return journalCache;
}

/** The archive's schema as found: the PostgreSQL schema it lives in (the first of the search path) and its version. */
export interface SchemaState {
  schema: string;
  /** Whether the archive's tables are there at all: "no archive" on PostgreSQL means they are not. */
  present: boolean;
  /** The schema itself does not exist yet: the first sync creates it. */
  missingSchema: boolean;
  version: SchemaVersion;
  /** Migrated by a newer version of recordings than this one. */
  newer: boolean;
}

export async function schemaState(client: pg.Client): Promise<SchemaState> {
  const found = await client.query<{ schema: string | null; path: string; user: string; migrations: string | null; recordings: string | null }>(
    `SELECT current_schema() AS schema, current_setting('search_path') AS path, current_user AS user,
            CASE WHEN current_schema() IS NOT NULL THEN to_regclass(format('%I.%I', current_schema(), $1::text))::text END AS migrations,
            CASE WHEN current_schema() IS NOT NULL THEN to_regclass(format('%I.%I', current_schema(), 'recordings'))::text END AS recordings`,
    [MIGRATIONS_TABLE],
  );
  const row = found.rows[0]!;
  const entries = journal();
  if (row.schema === null) {
    // The search path names a schema that is not there yet (`?options=-c search_path=team_a`): no
    // archive, which the first sync creates, schema and all.
    const wanted = firstSchema(row.path, row.user);
    if (wanted === null) throw new ArchiveSetupError('the PostgreSQL search path names no schema', 'set search_path, e.g. ?options=-c%20search_path%3Drecordings in the URL');
    return { schema: wanted, present: false, missingSchema: true, version: { applied: 0, known: entries.length, latest: null }, newer: false };
  }
  if (row.migrations === null) {
    if (row.recordings !== null) {
      throw new DatabaseError(`schema ${row.schema} has a table named recordings that is not a recordings archive; it was left untouched`, 'use another database or schema for the archive');
    }
    return { schema: row.schema, present: false, missingSchema: false, version: { applied: 0, known: entries.length, latest: null }, newer: false };
  }
  const last = await client.query<{ last: number | null }>(`SELECT max(created_at) AS last FROM ${quoteIdentifier(row.schema)}.${MIGRATIONS_TABLE}`);
  const lastMillis = last.rows[0]?.last ?? null;
  const applied = lastMillis === null ? 0 : entries.filter((entry) => entry.when <= lastMillis).length;
  return {
    schema: row.schema,
    present: lastMillis !== null,
    missingSchema: false,
    version: { applied, known: entries.length, latest: applied > 0 ? entries[applied - 1]!.tag : null },
    newer: lastMillis !== null && lastMillis > entries.at(-1)!.when,
  };
}

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

export function newerSchema(location: string): DatabaseError {
  return new DatabaseError(`the archive at ${location} was written by a newer version of recordings: upgrade recordings to use it`);
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

/** The first schema a search path names (`"$user"` as the role's name), unquoted. */
function firstSchema(path: string, user: string): string | null {
  const first = path.split(',').map((item) => item.trim()).find((item) => item !== '');
  if (first === undefined) return null;
  const name = first.startsWith('"') && first.endsWith('"') ? first.slice(1, -1).replace(/""/g, '"') : first.toLowerCase();
  return name === '$user' ? user : name;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
