import { ArchiveSetupError, DatabaseAuthError, DatabaseError, DatabaseUnavailableError, NoArchiveError } from '../db/errors.js';
import type { ExportRow } from '../db/queries/export-rows.js';
import type { ArchiveStore } from '../db/store.js';
import { isPostgresUrl, redactDatabaseUrl } from '../util/database-url.js';
import { QueryError } from './errors.js';
import type { ParsedQuery } from './filters.js';
import type { ArchiveReader } from './reader.js';
import { archiveStatus } from './status.js';
import { noArchiveStatus } from './status-json.js';

export interface StoreReaderOptions {
  now?: () => Date;
  /** How many recent sync runs `status()` lists (`status`'s default: 5). */
  statusRuns?: number;
  /** Connections to a PostgreSQL archive shared by the requests (a SQLite file answers on one). */
  connections?: number;
}

/** A small pool for `serve` on PostgreSQL (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team"). */
const POSTGRES_CONNECTIONS = 4;

/**
 * The archive `target` names (a SQLite file or a PostgreSQL URL), for `serve` (reader.ts), through
 * the same store the commands use (src/db/store.ts). The archive is opened on first use and again
 * after a failure, so a server started before the first sync serves the archive as soon as a sync
 * has made it, and one whose PostgreSQL server restarted reconnects. Requests share the open stores:
 * one for a SQLite file, whose answers are synchronous, a few connections for PostgreSQL, each
 * request on the one with the fewest waiting; an export streams from a store of its own, so that
 * other requests go on while a slow client downloads.
 */
export function openStoreReader(target: string, options: StoreReaderOptions = {}): ArchiveReader {
  const now = options.now ?? (() => new Date());
  const statusRuns = options.statusRuns ?? 5;
  const size = isPostgresUrl(target) ? (options.connections ?? POSTGRES_CONNECTIONS) : 1;
  const slots: { store: Promise<ArchiveStore> | null; busy: number }[] = Array.from({ length: size }, () => ({ store: null, busy: 0 }));
  let closed = false;

  const using = async <T>(work: (store: ArchiveStore) => Promise<T>): Promise<T> => {
    if (closed) throw new QueryError('unavailable', 'the server is stopping');
    const slot = slots.reduce((best, candidate) => (candidate.busy < best.busy ? candidate : best));
    slot.busy += 1;
    try {
      slot.store ??= openArchive(target).catch((error: unknown) => {
        slot.store = null;
        throw error;
      });
      const store = await slot.store;
      try {
        return await work(store);
      } catch (error) {
        // The connection is gone (a restarted server): the next request opens a new one.
        if (error instanceof DatabaseUnavailableError) {
          slot.store = null;
          await store.close().catch(() => {});
        }
        throw error;
      }
    } catch (error) {
      throw passing(error, target);
    } finally {
      slot.busy -= 1;
    }
  };

  return {
    search: (query) => using((store) => store.search(query)),
    recording: (id) => using((store) => store.findRecording(id)),
    contentUri: (recordingId) => using((store) => store.contentUri(recordingId)),
    stats: (range) => using((store) => store.stats(range)),
    exportRows: (query) => streamRows(target, query),
    status: async () => {
      try {
        return await using((store) => archiveStatus(store, now(), { runs: statusRuns, maxAgeMs: null }));
      } catch (error) {
        // No archive yet is a state `status` reports, as the command does (docs/cli.md, "Which archive").
        if (error instanceof QueryError && error.cause instanceof NoArchiveError) return noArchiveStatus(error.cause.path, error.cause.message, null);
        throw error;
      }
    },
    audit: (entry) => using((store) => store.appendAudit(entry)),
    async close() {
      closed = true;
      for (const slot of slots) {
        const store = await slot.store?.catch(() => null);
        slot.store = null;
        await store?.close().catch(() => {});
      }
    },
  };
}

/** An export's rows from a store of its own, closed when the loop ends, however it ends. */
async function* streamRows(target: string, query: ParsedQuery): AsyncGenerator<ExportRow> {
  let store: ArchiveStore;
  try {
    store = await openArchive(target);
  } catch (error) {
    throw passing(error, target);
  }
  try {
    yield* store.exportRows(query);
  } catch (error) {
    throw passing(error, target);
  } finally {
    await store.close().catch(() => {});
  }
}

/** Opens the archive as the query commands do (migrations applied, nothing created); the store loads only then. */
async function openArchive(target: string): Promise<ArchiveStore> {
  const { openStore } = await import('../db/open-store.js');
  return openStore(target);
}

/**
 * Why the archive cannot be read now, as QueryError `unavailable` (HTTP 503): no archive yet, a file
 * or a server that is not a usable archive, SQLite's passing refusals (busy past the timeout while a
 * sync writes, a file gone or broken under the server: the message names SQLite's code only, not a
 * path or a query), a PostgreSQL server gone or refusing the login. Anything else as it is.
 */
function passing(error: unknown, target: string): unknown {
  if (error instanceof QueryError) return error;
  if (error instanceof NoArchiveError) {
    const shown = isPostgresUrl(target) ? redactDatabaseUrl(target) : target;
    return new QueryError('unavailable', 'there is no archive yet: the first sync creates it', `run 'recordings sync' (looked at ${shown})`, { cause: error });
  }
  if (error instanceof DatabaseError || error instanceof DatabaseUnavailableError || error instanceof DatabaseAuthError || error instanceof ArchiveSetupError) {
    return new QueryError('unavailable', error.message, error.hint);
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|IOERR|CORRUPT|NOTADB|CANTOPEN|FULL|READONLY)/.test(code)) {
    return new QueryError('unavailable', `the database cannot be read now (${code})`, 'try again in a moment; if it lasts, run: recordings doctor');
  }
  return error;
}
