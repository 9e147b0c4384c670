import { sql, type SQL } from 'drizzle-orm';
import type { AuditEntry, HoldState } from '../row-types.js';
import type { HoldChange } from '../store.js';
import type { RecordingsTable } from './tables.js';

/*
 * Legal holds and prune, on either dialect (src/db/sqlite/operations.ts, src/db/postgres/operations.ts):
 * what they read, what they change and when, and the audit row a hold leaves.
 */

/** A recording's hold as `hold` reports it. */
export function holdFields<T extends RecordingsTable>(table: T): Pick<T, 'id' | 'startTime' | 'legalHold' | 'holdReason' | 'heldAt'> {
  return { id: table.id, startTime: table.startTime, legalHold: table.legalHold, holdReason: table.holdReason, heldAt: table.heldAt };
}

/**
 * Placing a hold changes a recording not held yet, or one held for another reason when a reason is
 * given (a hold keeps its reason unless a new one is given, and its first time); releasing changes a
 * held one only. A recording the update leaves alone gets no audit row.
 */
export function holdUpdate(table: RecordingsTable, id: string, change: HoldChange): { set: Record<string, SQL | boolean | null>; where: SQL } {
  if (!change.hold) return { set: { legalHold: false, holdReason: null, heldAt: null }, where: sql`${table.id} = ${id} AND ${table.legalHold}` };
  const reason = sql`CAST(${change.reason} AS text)`;
  return {
    set: { legalHold: true, holdReason: sql`coalesce(${reason}, ${table.holdReason})`, heldAt: sql`coalesce(${table.heldAt}, CAST(${change.at} AS text))` },
    where: sql`${table.id} = ${id} AND (NOT ${table.legalHold} OR (${reason} IS NOT NULL AND ${table.holdReason} IS DISTINCT FROM ${reason}))`,
  };
}

/** The audit row of a hold that changed `before`: who asked, for which id, and what the hold was. */
export function holdAudit(change: HoldChange, before: HoldState): AuditEntry {
  return {
    at: change.at,
    action: change.hold ? 'hold' : 'release',
    actor: change.actor,
    recordingId: before.id,
    details: change.hold
      ? { reason: change.reason ?? before.holdReason, requestedId: change.requestedId, alreadyHeld: before.legalHold }
      : { requestedId: change.requestedId, previousReason: before.holdReason, heldAt: before.heldAt },
  };
}

/** Started before the cut-off. */
export function startedBefore(table: RecordingsTable, cutoff: string): SQL {
  return sql`${table.startTime} < ${cutoff}`;
}

/** What a prune deletes: started before the cut-off and not on hold. */
export function prunable(table: RecordingsTable, cutoff: string): SQL {
  return sql`${startedBefore(table, cutoff)} AND NOT ${table.legalHold}`;
}

/** Of the recordings started before the cut-off: how many a prune deletes, how many a hold keeps, how many deleted ones have an archived audio file. */
export function pruneCountFields(table: RecordingsTable) {
  const count = (filter: SQL) => sql<number>`count(*) FILTER (WHERE ${filter})`.mapWith(Number);
  return {
    deletable: count(sql`NOT ${table.legalHold}`),
    held: count(sql`${table.legalHold}`),
    audioFiles: count(sql`NOT ${table.legalHold} AND ${table.audioPath} IS NOT NULL`),
  };
}

/** A recording a prune would delete, as --dry-run lists it and the prune removes its audio file. */
export function pruneCandidateFields<T extends RecordingsTable>(table: T): Pick<T, 'id' | 'startTime' | 'audioPath'> {
  return { id: table.id, startTime: table.startTime, audioPath: table.audioPath };
}
