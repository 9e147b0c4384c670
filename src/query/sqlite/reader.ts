import type { Database } from 'better-sqlite3';
import { DatabaseError, NoArchiveError } from '../../db/errors.js';
import { appendAudit } from '../../db/queries/audit.js';
import { contentUriOf } from '../../db/queries/content-uri.js';
import { type ExportRow, exportRows } from '../../db/queries/export-rows.js';
import { findRecording } from '../../db/queries/get.js';
import { searchRecordings } from '../../db/queries/search.js';
import { computeStats } from '../../db/queries/stats.js';
import { QueryError } from '../errors.js';
import type { ParsedQuery } from '../filters.js';
import type { ArchiveReader } from '../reader.js';
import { noArchiveStatus } from '../status-json.js';
import { archiveStatus } from './status.js';
import { withTextQuery } from './text-query.js';

export interface SqliteReaderOptions {
  now?: () => Date;
  /** How many recent sync runs `status()` lists (`status`'s default: 5). */
  statusRuns?: number;
}

/**
 * The archive in the SQLite file at `path`, for `serve` (reader.ts). The file is opened on first use
 * and again after a failure, so a server started before the first sync serves the archive as soon
 * as a sync has made it. better-sqlite3 answers synchronously: each call runs whole on one shared
 * connection, except an export, which streams from a connection of its own so that other requests
 * can use the shared one while a slow client downloads.
 */
export function openSqliteReader(path: string, options: SqliteReaderOptions = {}): ArchiveReader {
  const now = options.now ?? (() => new Date());
  const statusRuns = options.statusRuns ?? 5;
  let shared: Promise<Database> | null = null;
  let closed = false;

  const connection = (): Promise<Database> => {
    if (closed) return Promise.reject(new QueryError('unavailable', 'the server is stopping'));
    shared ??= openArchive(path).catch((error: unknown) => {
      shared = null;
      throw error;
    });
    return shared;
  };

  return {
    search: (query) =>
      reading(async () => {
        const db = await connection();
        const filter = withTextQuery(db, query);
        return filter ? searchRecordings(db, filter, query.page) : { total: 0, hits: [] };
      }),

    recording: (id) => reading(async () => findRecording(await connection(), id)),

    contentUri: (recordingId) => reading(async () => contentUriOf(await connection(), recordingId)),

    stats: (range) => reading(async () => computeStats(await connection(), range)),

    exportRows(query) {
      return streamRows(path, query);
    },

    status: () =>
      reading(async () => {
        const { archiveExists } = await import('../../db/open.js');
        if (!archiveExists(path)) return noArchiveStatus(path, new NoArchiveError(path).message, null);
        return archiveStatus(await connection(), path, now(), { runs: statusRuns, maxAgeMs: null });
      }),

    audit: (entry) => reading(async () => appendAudit(await connection(), entry)),

    async close() {
      closed = true;
      const db = await shared?.catch(() => null);
      db?.close();
    },
  };
}

/** An export's rows from a connection of its own, closed when the loop ends, however it ends. */
async function* streamRows(path: string, query: ParsedQuery): AsyncGenerator<ExportRow> {
  const db = await openArchive(path);
  try {
    const filter = withTextQuery(db, query);
    if (filter) for (const row of exportRows(db, filter, query.page)) yield row;
  } catch (error) {
    throw passing(error);
  } finally {
    db.close();
  }
}

/** `work`'s result, with SQLite's passing refusals as QueryError `unavailable` (see passing()). */
async function reading<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw passing(error);
  }
}

/**
 * SQLite's refusals that pass (SQLITE_BUSY past the busy timeout while a sync writes, a file that went
 * away or broke under the server) as QueryError `unavailable`: the client may try again, and the
 * message names SQLite's code only, not a path or a query. Anything else as it is.
 */
function passing(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|IOERR|CORRUPT|NOTADB|CANTOPEN|FULL|READONLY)/.test(code)) {
    return new QueryError('unavailable', `the database cannot be read now (${code})`, 'try again in a moment; if it lasts, run: recordings doctor');
  }
  return error;
}

/**
 * Opens the archive the way the query commands do (migrations applied, nothing created), with the
 * reasons it cannot be used as QueryError `unavailable`: no archive yet, or a file that is not a
 * usable archive. better-sqlite3 loads on first use, not with this module.
 */
async function openArchive(path: string): Promise<Database> {
  const { openExistingDb } = await import('../../db/open.js');
  try {
    return await openExistingDb(path);
  } catch (error) {
    if (error instanceof NoArchiveError) throw new QueryError('unavailable', 'there is no archive yet: the first sync creates it', `run 'recordings sync' (looked at ${path})`);
    if (error instanceof DatabaseError) throw new QueryError('unavailable', error.message, error.hint);
    throw passing(error);
  }
}
