import type { Database } from 'better-sqlite3';

/** `PRAGMA integrity_check`: the list of problems, empty when the file is sound. */
export function integrityCheck(db: Database): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  const messages = rows.map((row) => row.integrity_check);
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}

/**
 * FTS5's own check that the index matches the external content table (rank = 1 compares against
 * the content). Returns the error message, or null when the index is right.
 */
export function ftsIntegrityCheck(db: Database): string | null {
  try {
    db.prepare("INSERT INTO recordings_fts(recordings_fts, rank) VALUES ('integrity-check', 1)").run();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
