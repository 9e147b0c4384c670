import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { DatabaseError } from './errors.js';
import { type SchemaVersion, migrationJournal, versionAfter } from './migration-journal.js';

/**
 * Found from this module's own URL (src/db/ under tsx and vitest, dist/db/ when installed: the same
 * depth), so it works from any working directory.
 */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

const MIGRATIONS_TABLE = '__drizzle_migrations';

export function schemaVersion(db: Database): SchemaVersion {
  return versionAfter(MIGRATIONS_FOLDER, lastAppliedMillis(db));
}

function lastAppliedMillis(db: Database): number | null {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE);
  if (!table) return null;
  const row = db.prepare(`SELECT max(created_at) AS last FROM ${MIGRATIONS_TABLE}`).get() as { last: number | null };
  return row.last === null ? null : Number(row.last);
}

/**
 * Applies pending migrations with drizzle's migrator. The up-to-date check is done here first, so
 * the everyday case (nothing pending) does not load drizzle at all: query commands start faster.
 */
export async function applyPendingMigrations(db: Database): Promise<void> {
  const entries = migrationJournal(MIGRATIONS_FOLDER);
  const newest = entries.at(-1)!.when;
  const last = lastAppliedMillis(db);
  if (last !== null && last > newest) {
    throw new DatabaseError('this database was written by a newer version of recordings: upgrade recordings to use it');
  }
  if (last === newest) return;

  const [{ drizzle }, { migrate }] = await Promise.all([
    import('drizzle-orm/better-sqlite3'),
    import('drizzle-orm/better-sqlite3/migrator'),
  ]);
  try {
    migrate(drizzle(db), { migrationsFolder: MIGRATIONS_FOLDER, migrationsTable: MIGRATIONS_TABLE });
  } catch (error) {
    // Two processes opening a new database at once: the loser's batch fails on "table already
    // exists" after the winner committed. The database is then up to date, which is all we need.
    if (lastAppliedMillis(db) === newest) return;
    throw new DatabaseError(`cannot apply database migrations: ${(error as Error).message}`);
  }
}
