import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { ArchiveSetupError, DatabaseError } from '../errors.js';
import { type SchemaVersion, migrationJournal, versionAfter } from '../migration-journal.js';

/*
 * What every command on PostgreSQL checks first: where the archive's schema is and how far it is
 * migrated. Kept apart from migrate.ts, which a command loads only when there is something to migrate.
 */

/** drizzle-kit's output for PostgreSQL (drizzle.postgres.config.ts), found from this module's own URL. */
export const POSTGRES_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations/postgres', import.meta.url));

export const MIGRATIONS_TABLE = '__drizzle_migrations';

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
  if (row.schema === null) {
    // The search path names a schema that is not there yet (`?options=-c search_path=team_a`): no
    // archive, which the first sync creates, schema and all.
    const wanted = firstSchema(row.path, row.user);
    if (wanted === null) throw new ArchiveSetupError('the PostgreSQL search path names no schema', 'set search_path, e.g. ?options=-c%20search_path%3Drecordings in the URL');
    return { schema: wanted, present: false, missingSchema: true, version: versionAfter(POSTGRES_MIGRATIONS_FOLDER, null), newer: false };
  }
  if (row.migrations === null) {
    if (row.recordings !== null) {
      throw new DatabaseError(`schema ${row.schema} has a table named recordings that is not a recordings archive; it was left untouched`, 'use another database or schema for the archive');
    }
    return { schema: row.schema, present: false, missingSchema: false, version: versionAfter(POSTGRES_MIGRATIONS_FOLDER, null), newer: false };
  }
  const last = await client.query<{ last: number | null }>(`SELECT max(created_at) AS last FROM ${quoteIdentifier(row.schema)}.${MIGRATIONS_TABLE}`);
  const lastMillis = last.rows[0]?.last ?? null;
  return {
    schema: row.schema,
    present: lastMillis !== null,
    missingSchema: false,
    version: versionAfter(POSTGRES_MIGRATIONS_FOLDER, lastMillis),
    newer: lastMillis !== null && lastMillis > migrationJournal(POSTGRES_MIGRATIONS_FOLDER).at(-1)!.when,
  };
}

export function newerSchema(location: string): DatabaseError {
  return new DatabaseError(`the archive at ${location} was written by a newer version of recordings: upgrade recordings to use it`);
}

/** The first schema a search path names (`"$user"` as the role's name), unquoted. */
function firstSchema(path: string, user: string): string | null {
  const first = path.split(',').map((item) => item.trim()).find((item) => item !== '');
  if (first === undefined) return null;
  const name = first.startsWith('"') && first.endsWith('"') ? first.slice(1, -1).replace(/""/g, '"') : first.toLowerCase();
  return name === '$user' ? user : name;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
