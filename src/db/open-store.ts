import { isPostgresUrl } from '../util/database-url.js';
import type { ArchiveStore } from './store.js';

export interface OpenStoreOptions {
  /**
   * Create the archive when there is none (`sync`, `copy --to`, `demo`); every other command opens
   * one that exists or fails with NoArchiveError (docs/cli.md, "Which archive").
   */
  create?: boolean;
}

/**
 * Opens the archive that `target` names, a PostgreSQL URL (`postgres://…`, `postgresql://…`) or a
 * SQLite file path, with pending migrations applied. Each backend loads only when it is used: the
 * query commands on a SQLite file never load `pg` or drizzle.
 */
export async function openStore(target: string, options: OpenStoreOptions = {}): Promise<ArchiveStore> {
  if (isPostgresUrl(target)) {
    const { openPostgresStore } = await import('./postgres/store.js');
    return openPostgresStore(target, options);
  }
  const [{ SqliteStore }, { openDb, openExistingDb }] = await Promise.all([import('./sqlite/store.js'), import('./open.js')]);
  const db = options.create ? await openDb(target) : await openExistingDb(target);
  return new SqliteStore(db, target);
}
