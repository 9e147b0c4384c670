import type { Database } from 'better-sqlite3';

export interface PruneCandidate {
  id: string;
  startTime: string;
  audioPath: string | null;
}

/** How many recordings start before the cut-off, and how many of those are kept by a legal hold. */
export function pruneCounts(db: Database, cutoff: string): { deletable: number; held: number } {
  return db
    .prepare(
      `SELECT count(*) FILTER (WHERE NOT legal_hold) AS deletable, count(*) FILTER (WHERE legal_hold) AS held
       FROM recordings WHERE start_time < ?`,
    )
    .get(cutoff) as { deletable: number; held: number };
}

/** The recordings a prune would delete, oldest first (for --dry-run listings). */
export function pruneCandidates(db: Database, cutoff: string, limit: number): PruneCandidate[] {
  return db
    .prepare(
      `SELECT id, start_time AS startTime, audio_path AS audioPath FROM recordings
       WHERE start_time < ? AND NOT legal_hold ORDER BY start_time LIMIT ?`,
    )
    .all(cutoff, limit) as PruneCandidate[];
}

/**
 * Deletes one batch of recordings older than the cut-off that are not on hold, in one transaction;
 * segments and insights go by cascade and FTS entries by trigger. Returns what was deleted so the
 * caller can remove archived audio files after the rows are gone (an orphaned file is harmless; a
 * row pointing at a deleted file is not).
 */
export function deletePruneBatch(db: Database, cutoff: string, batchSize: number): PruneCandidate[] {
  const batch = db.transaction(() => {
    const rows = pruneCandidates(db, cutoff, batchSize);
    const remove = db.prepare('DELETE FROM recordings WHERE id = ?');
    for (const row of rows) remove.run(row.id);
    return rows;
  });
  return batch.immediate();
}
