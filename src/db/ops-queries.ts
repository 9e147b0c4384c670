import type { Database } from 'better-sqlite3';
import { appendAudit } from './queries/audit.js';

/** How many recordings a prune would delete have an archived audio file. */
export function pruneAudioFileCount(db: Database, cutoff: string): number {
  return db
    .prepare('SELECT count(*) FROM recordings WHERE start_time < ? AND NOT legal_hold AND audio_path IS NOT NULL')
    .pluck()
    .get(cutoff) as number;
}

export interface HoldState {
  id: string;
  startTime: string;
  legalHold: boolean;
  holdReason: string | null;
  heldAt: string | null;
}

export function holdStates(db: Database, ids: readonly string[]): HoldState[] {
  const read = db.prepare(
    'SELECT id, start_time AS startTime, legal_hold AS legalHold, hold_reason AS holdReason, held_at AS heldAt FROM recordings WHERE id = ?',
  );
  return ids.flatMap((id) => {
    const row = read.get(id) as (Omit<HoldState, 'legalHold'> & { legalHold: number }) | undefined;
    return row ? [{ ...row, legalHold: row.legalHold === 1 }] : [];
  });
}

export interface HoldChange {
  /** Place (true) or release (false) the hold. */
  hold: boolean;
  /** Stored with a new hold; a hold already in place keeps its reason unless a new one is given. */
  reason: string | null;
  at: string;
  actor: string;
  /** The id the operator named (a call or session id may stand for several recordings). */
  requestedId: string;
}

/**
 * Places or releases the legal hold of these recordings and writes one audit row per recording
 * whose hold actually changed (or whose reason was replaced), all in one transaction: the hold and
 * its audit trail are never out of step. Returns the ids that changed.
 */
export function changeLegalHold(db: Database, ids: readonly string[], change: HoldChange): string[] {
  const place = db.prepare(
    `UPDATE recordings SET legal_hold = 1, hold_reason = coalesce(@reason, hold_reason), held_at = coalesce(held_at, @at)
     WHERE id = @id AND (NOT legal_hold OR (@reason IS NOT NULL AND hold_reason IS NOT @reason))`,
  );
  const release = db.prepare('UPDATE recordings SET legal_hold = 0, hold_reason = NULL, held_at = NULL WHERE id = @id AND legal_hold');
  const run = db.transaction(() => {
    const changed: string[] = [];
    for (const before of holdStates(db, ids)) {
      const params = { id: before.id, reason: change.reason, at: change.at };
      const result = change.hold ? place.run(params) : release.run({ id: before.id });
      if (result.changes === 0) continue;
      changed.push(before.id);
      appendAudit(db, {
        at: change.at,
        action: change.hold ? 'hold' : 'release',
        actor: change.actor,
        recordingId: before.id,
        details: change.hold
          ? { reason: change.reason ?? before.holdReason, requestedId: change.requestedId, alreadyHeld: before.legalHold }
          : { requestedId: change.requestedId, previousReason: before.holdReason, heldAt: before.heldAt },
      });
    }
    return changed;
  });
  return run.immediate();
}
