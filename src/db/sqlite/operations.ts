import type { Database } from 'better-sqlite3';
import { asc, inArray } from 'drizzle-orm';
import { auditValues } from '../queries/audit.js';
import type { HoldState, PruneCandidate } from '../row-types.js';
import { holdAudit, holdFields, holdUpdate, prunable, pruneCandidateFields, pruneCountFields, startedBefore } from '../common/operations.js';
import type { HoldChange } from '../store.js';
import { drizzleOf } from './drizzle.js';
import { auditLog, recordings } from './schema.js';

/** The holds of these recordings, in the order of `ids`; unknown ids are left out. */
export function holdStates(db: Database, ids: readonly string[]): HoldState[] {
  if (ids.length === 0) return [];
  const rows = drizzleOf(db).select(holdFields(recordings)).from(recordings).where(inArray(recordings.id, [...ids])).all();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Places or releases the legal hold of these recordings and writes one audit row per recording
 * whose hold actually changed (or whose reason was replaced), all in one transaction: the hold and
 * its audit trail are never out of step. Returns the ids that changed.
 */
export function changeLegalHold(db: Database, ids: readonly string[], change: HoldChange): string[] {
  const d = drizzleOf(db);
  return db
    .transaction(() => {
      const changed: string[] = [];
      for (const before of holdStates(db, ids)) {
        const { set, where } = holdUpdate(recordings, before.id, change);
        if (d.update(recordings).set(set).where(where).run().changes === 0) continue;
        changed.push(before.id);
        d.insert(auditLog).values(auditValues(holdAudit(change, before))).run();
      }
      return changed;
    })
    .immediate();
}

/** How many recordings start before the cut-off, how many of those a legal hold keeps, and how many to delete have an archived audio file. */
export function pruneCounts(db: Database, cutoff: string): { deletable: number; held: number; audioFiles: number } {
  return drizzleOf(db).select(pruneCountFields(recordings)).from(recordings).where(startedBefore(recordings, cutoff)).get()!;
}

/** The recordings a prune would delete, oldest first (for --dry-run listings). */
export function pruneCandidates(db: Database, cutoff: string, limit: number): PruneCandidate[] {
  return drizzleOf(db).select(pruneCandidateFields(recordings)).from(recordings).where(prunable(recordings, cutoff)).orderBy(asc(recordings.startTime)).limit(limit).all();
}

/** Ids per DELETE: well under SQLite's 32,766 parameters, whatever the batch size. */
const IDS_PER_DELETE = 1000;

/**
 * Deletes one batch of recordings older than the cut-off that are not on hold, in one transaction;
 * segments and insights go by cascade and FTS entries by trigger. Returns what was deleted so the
 * caller can remove archived audio files after the rows are gone (an orphaned file is harmless; a
 * row pointing at a deleted file is not).
 */
export function deletePruneBatch(db: Database, cutoff: string, batchSize: number): PruneCandidate[] {
  return db
    .transaction(() => {
      const rows = pruneCandidates(db, cutoff, batchSize);
      for (let i = 0; i < rows.length; i += IDS_PER_DELETE) {
        drizzleOf(db).delete(recordings).where(inArray(recordings.id, rows.slice(i, i + IDS_PER_DELETE).map((row) => row.id))).run();
      }
      return rows;
    })
    .immediate();
}
