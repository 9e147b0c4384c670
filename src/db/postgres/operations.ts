import { asc, inArray } from 'drizzle-orm';
import { auditValues } from '../queries/audit.js';
import type { AuditEntry, HoldState, PruneCandidate } from '../row-types.js';
import { holdAudit, holdFields, holdUpdate, prunable, pruneCandidateFields, pruneCountFields, startedBefore } from '../common/operations.js';
import type { HoldChange } from '../store.js';
import { changed, type Db } from './drizzle.js';
import { auditLog, recordings } from './schema.js';
import { storableRow } from './text-values.js';

/** One audit row, inside a hold's transaction (audit-log.ts writes the others). */
async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(storableRow(auditValues(entry)));
}

/** The holds of these recordings, in the order of `ids`; unknown ids are left out. */
export async function holdStates(db: Db, ids: readonly string[]): Promise<HoldState[]> {
  if (ids.length === 0) return [];
  const rows = await db.select(holdFields(recordings)).from(recordings).where(inArray(recordings.id, [...ids]));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Places or releases holds and writes one audit row per recording whose hold changed, in one
 * transaction, by the rules SQLite's follows (src/db/common/operations.ts). Returns the ids that changed.
 */
export async function changeLegalHold(db: Db, ids: readonly string[], change: HoldChange): Promise<string[]> {
  return db.transaction(async (tx) => {
    const changedIds: string[] = [];
    for (const before of await holdStates(tx, ids)) {
      const { set, where } = holdUpdate(recordings, before.id, change);
      if (changed(await tx.update(recordings).set(storableRow(set)).where(where)) === 0) continue;
      changedIds.push(before.id);
      await appendAudit(tx, holdAudit(change, before));
    }
    return changedIds;
  });
}

export async function pruneCounts(db: Db, cutoff: string): Promise<{ deletable: number; held: number; audioFiles: number }> {
  const [counts] = await db.select(pruneCountFields(recordings)).from(recordings).where(startedBefore(recordings, cutoff));
  return counts!;
}

export async function pruneCandidates(db: Db, cutoff: string, limit: number): Promise<PruneCandidate[]> {
  return db.select(pruneCandidateFields(recordings)).from(recordings).where(prunable(recordings, cutoff)).orderBy(asc(recordings.startTime)).limit(limit);
}

/** One batch of a prune in one transaction; segments and insights go by cascade. Returns what was deleted. */
export async function deletePruneBatch(db: Db, cutoff: string, batchSize: number): Promise<PruneCandidate[]> {
  return db.transaction(async (tx) => {
    const rows = await pruneCandidates(tx, cutoff, batchSize);
    if (rows.length > 0) await tx.delete(recordings).where(inArray(recordings.id, rows.map((row) => row.id)));
    return rows;
  });
}
