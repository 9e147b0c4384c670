import Database from 'better-sqlite3';
import { isPostgresUrl } from '../../../src/util/database-url.js';
import { queryRows, queryValue as valueOf, withStore } from '../../helpers/backends.js';

/**
 * Columns that record when or how often we did something rather than what RingCentral holds:
 * left out when two databases are compared.
 */
const BOOKKEEPING = new Set(['first_seen_at', 'updated_at', 'transcript_fetched_at', 'transcript_attempts', 'transcript_next_attempt_at']);

export interface DatabaseSnapshot {
  recordings: Record<string, unknown>[];
  segments: Record<string, unknown>[];
  insights: Record<string, unknown>[];
  checkpoint: string | null;
  /** Matches of a few searches through the FTS index, by recording id. */
  searches: Record<string, string[]>;
}

const SEARCH_TERMS = ['reservation', 'catering', 'refund', 'gift'];

/**
 * Everything stored about the recordings, comparable across two archives (bookkeeping left out),
 * of either backend: booleans as 0/1, the searches through the backend's own full-text index.
 */
export async function snapshotDatabase(target: string, options: { audioDir?: string } = {}): Promise<DatabaseSnapshot> {
  const recordings = (await queryRows(target, 'SELECT * FROM recordings ORDER BY id')).map((row) => {
    const kept: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(row)) {
      if (BOOKKEEPING.has(name) || name === 'key') continue;
      kept[name] = typeof value === 'string' ? normalise(value, name, options.audioDir) : value;
    }
    return kept;
  });
  const segments = await queryRows(
    target,
    `SELECT r.id AS recording_id, s.ordinal, s.speaker_id, s.speaker_name, s.start, s."end", s.text
     FROM transcript_segments s JOIN recordings r ON r.key = s.recording_key ORDER BY r.id, s.ordinal`,
  );
  const insights = await queryRows(
    target,
    `SELECT r.id AS recording_id, i.kind, i.ordinal, i.value, i.speaker_id, i.start, i."end"
     FROM insights i JOIN recordings r ON r.key = i.recording_key ORDER BY r.id, i.kind, i.ordinal`,
  );
  const checkpoint = await valueOf<string | null>(target, "SELECT value FROM sync_state WHERE name = 'checkpoint'");
  const searches = await withStore(target, async (store) => {
    const found: Record<string, string[]> = {};
    for (const term of SEARCH_TERMS) {
      const result = await store.search({ text: term, filter: {}, page: { sort: 'newest' } });
      found[term] = result.hits.map((hit) => hit.id).sort();
    }
    return found;
  });
  return { recordings, segments, insights, checkpoint, searches };
}

/** Each simulator listens on its own port, and each test has its own audio folder. */
function normalise(value: string, column: string, audioDir: string | undefined): string {
  if (column === 'audio_path' && audioDir) return value.replace(audioDir, '<audio>');
  return value.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://simulator');
}

/**
 * SQLite: `PRAGMA integrity_check` and FTS5's own integrity check, throwing when either finds a
 * problem. PostgreSQL keeps its own consistency: every recording must have its search vector.
 */
export async function checkIntegrity(target: string): Promise<{ integrity: string; ftsRows: number }> {
  if (isPostgresUrl(target)) {
    return { integrity: 'ok', ftsRows: await valueOf<number>(target, 'SELECT count(*) FROM recordings WHERE search_vector IS NOT NULL') };
  }
  const db = new Database(target);
  try {
    const integrity = db.prepare('PRAGMA integrity_check').pluck().all() as string[];
    db.prepare("INSERT INTO recordings_fts(recordings_fts, rank) VALUES('integrity-check', 1)").run();
    // External content: a scan of recordings_fts reads `recordings`; the docsize shadow table holds
    // one row per document actually indexed.
    const ftsRows = db.prepare('SELECT count(*) FROM recordings_fts_docsize').pluck().get() as number;
    return { integrity: integrity.join('; '), ftsRows };
  } finally {
    db.close();
  }
}

/** Rows of a query on either backend's archive (test/helpers/backends.ts). */
export function queryAll<T = Record<string, unknown>>(target: string, sql: string, ...params: unknown[]): Promise<T[]> {
  return queryRows<T>(target, sql, ...params);
}

export function queryValue<T = unknown>(target: string, sql: string, ...params: unknown[]): Promise<T> {
  return valueOf<T>(target, sql, ...params);
}
