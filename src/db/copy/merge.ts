import type { CopiedRecording, RecordingRecord } from './types.js';

/** What a copy's target holds of a recording, enough to decide what to do with the source's. */
export interface TargetVersion {
  key: number;
  updatedAt: string;
  legalHold: boolean;
  holdReason: string | null;
  heldAt: string | null;
}

export type Holds = Pick<RecordingRecord, 'legalHold' | 'holdReason' | 'heldAt'>;

/** What to do with one batch of the source's recordings in the target. */
export interface CopyPlan {
  /** Not in the target: inserted with a key of the target's. */
  inserts: CopiedRecording[];
  /** Older in the target: replaced, segments and insights too, under the target's key. */
  overwrites: { key: number; recording: CopiedRecording }[];
  /** The same or newer in the target, but the source holds it and the target does not: the hold is added. */
  holds: { key: number; holds: Holds }[];
  /** Kept as the target has them (the same, or newer: synced there since). */
  kept: number;
}

/**
 * A copy never loses what the target has (docs/cli.md, "`recordings copy --to <db>`"): a recording
 * the target holds in a version at least as new (`updated_at`) is kept, and a legal hold in either
 * archive stays in force (a copy never releases one). Every write of recordings bumps `updated_at`;
 * only a hold does not, so equal times differ at most in their holds.
 */
export function planCopy(batch: readonly CopiedRecording[], existing: ReadonlyMap<string, TargetVersion>): CopyPlan {
  const plan: CopyPlan = { inserts: [], overwrites: [], holds: [], kept: 0 };
  for (const recording of batch) {
    const target = existing.get(recording.row.id);
    if (!target) {
      plan.inserts.push(recording);
    } else if (target.updatedAt < recording.row.updatedAt) {
      plan.overwrites.push({ key: target.key, recording: { ...recording, row: { ...recording.row, ...mergedHolds(recording.row, target) } } });
    } else {
      plan.kept += 1;
      if (recording.row.legalHold && !target.legalHold) plan.holds.push({ key: target.key, holds: mergedHolds(recording.row, target) });
    }
  }
  return plan;
}

/** A hold in either archive: the target's when it has one, else the source's. */
function mergedHolds(source: Holds, target: Holds): Holds {
  if (target.legalHold) return { legalHold: true, holdReason: target.holdReason, heldAt: target.heldAt };
  return { legalHold: source.legalHold, holdReason: source.holdReason, heldAt: source.heldAt };
}

/**
 * The first difference between a source recording and the target's copy that a copy should not
 * have left, or null: the target's may be newer (synced there since), or carry a hold the source
 * lacks, never older or different at the same time.
 */
export function copyDifference(source: CopiedRecording, target: CopiedRecording | undefined): string | null {
  const id = source.row.id;
  if (!target) return `recording ${id} is missing in the target`;
  if (target.row.updatedAt > source.row.updatedAt) return null;
  if (target.row.updatedAt < source.row.updatedAt) return `recording ${id} is older in the target (updated ${target.row.updatedAt}, the source's ${source.row.updatedAt})`;
  if (source.row.legalHold && !target.row.legalHold) return `recording ${id} is on legal hold in the source but not in the target`;
  for (const [name, value] of Object.entries(source.row) as [keyof CopiedRecording['row'], unknown][]) {
    if (name === 'legalHold' || name === 'holdReason' || name === 'heldAt') continue;
    if (!sameValue(value, target.row[name])) return `recording ${id}: ${name} differs in the target`;
  }
  if (!sameValue(source.segments, target.segments)) return `recording ${id}: its transcript segments differ in the target`;
  if (!sameValue(source.insights, target.insights)) return `recording ${id}: its insights differ in the target`;
  return null;
}

/** Equal as stored; NUL as PostgreSQL stores it, U+FFFD (src/db/postgres/text-values.ts). */
function sameValue(a: unknown, b: unknown): boolean {
  const stored = (value: unknown) => (JSON.stringify(value) ?? '').replaceAll('\\u0000', '\ufffd');
  return stored(a) === stored(b);
}
