import Database from 'better-sqlite3';

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

/** Everything stored about the recordings, comparable across two databases (bookkeeping left out). */
export function snapshotDatabase(path: string, options: { audioDir?: string } = {}): DatabaseSnapshot {
  const db = new Database(path);
  try {
    const recordings = (db.prepare('SELECT * FROM recordings ORDER BY id').all() as Record<string, unknown>[]).map((row) => {
      const kept: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(row)) {
        if (BOOKKEEPING.has(name)) continue;
        kept[name] = typeof value === 'string' ? normalise(value, name, options.audioDir) : value;
      }
      return kept;
    });
    const segments = db
      .prepare(
        `SELECT r.id AS recording_id, s.ordinal, s.speaker_id, s.speaker_name, s.start, s."end", s.text
         FROM transcript_segments s JOIN recordings r ON r.key = s.recording_key ORDER BY r.id, s.ordinal`,
      )
      .all() as Record<string, unknown>[];
    const insights = db
      .prepare(
        `SELECT r.id AS recording_id, i.kind, i.ordinal, i.value, i.speaker_id, i.start, i."end"
         FROM insights i JOIN recordings r ON r.key = i.recording_key ORDER BY r.id, i.kind, i.ordinal`,
      )
      .all() as Record<string, unknown>[];
    const checkpoint = (db.prepare("SELECT value FROM sync_state WHERE name = 'checkpoint'").pluck().get() as string | undefined) ?? null;
    const search = db.prepare('SELECT r.id FROM recordings_fts JOIN recordings r ON r.key = recordings_fts.rowid WHERE recordings_fts MATCH ? ORDER BY r.id').pluck();
    const searches = Object.fromEntries(SEARCH_TERMS.map((term) => [term, search.all(term) as string[]]));
    return { recordings, segments, insights, checkpoint, searches };
  } finally {
    db.close();
  }
}

/** Each simulator listens on its own port, and each test has its own audio folder. */
function normalise(value: string, column: string, audioDir: string | undefined): string {
  if (column === 'audio_path' && audioDir) return value.replace(audioDir, '<audio>');
  return value.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://simulator');
}

/** `PRAGMA integrity_check` and FTS5's own integrity check; throws when either finds a problem. */
export function checkIntegrity(path: string): { integrity: string; ftsRows: number } {
  const db = new Database(path);
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

export function queryAll<T = Record<string, unknown>>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function queryValue<T = unknown>(path: string, sql: string, ...params: unknown[]): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).pluck().get(...params) as T;
  } finally {
    db.close();
  }
}
