import { rmSync } from 'node:fs';
import type { PruneCandidate } from '../db/row-types.js';
import type { ArchiveStore } from '../db/store.js';

/** Rows per transaction: small enough that a sync waiting for the write lock is not held up for long. */
export const DEFAULT_PRUNE_BATCH = 2000;

export interface PruneArchiveOptions {
  /** ISO-8601 UTC: recordings that started before it go (unless held). */
  cutoff: string;
  dryRun?: boolean;
  batchSize?: number;
  /** How many of the oldest candidates to list in the result (dry runs show them). Default 20. */
  sampleSize?: number;
  /** After each committed batch, with the running total of deleted rows. */
  onBatch?: (deletedSoFar: number) => void;
}

export interface PruneArchiveResult {
  cutoff: string;
  dryRun: boolean;
  /** Recordings older than the cut-off and not held when the prune began. */
  matched: number;
  /** Rows deleted (0 on a dry run). */
  deleted: number;
  /** Recordings older than the cut-off kept by a legal hold. */
  held: number;
  /** Archived audio files of the matched rows: removed, or (dry run) that would be. */
  audioFiles: number;
  audioFilesRemoved: number;
  /** Files that could not be removed (permissions), with the reason: left for the operator. */
  audioFilesFailed: { path: string; error: string }[];
  /** The oldest matched recordings, oldest first (taken before anything is deleted). */
  sample: PruneCandidate[];
}

/**
 * Retention: deletes recordings that started before the cut-off, except those on legal hold, in
 * batches of `batchSize` rows per transaction (segments and insights go by cascade, FTS entries by
 * trigger), then removes the archived audio files of each committed batch. Files go only after
 * their rows: a crash between the two can leave an orphaned file, never a row pointing at a
 * missing file. Each batch's transaction ends before the next begins, so other processes get the
 * write lock in between.
 */
export async function pruneArchive(store: ArchiveStore, options: PruneArchiveOptions): Promise<PruneArchiveResult> {
  const { cutoff } = options;
  const batchSize = Math.max(1, Math.trunc(options.batchSize ?? DEFAULT_PRUNE_BATCH));
  const counts = await store.pruneCounts(cutoff);
  const result: PruneArchiveResult = {
    cutoff,
    dryRun: options.dryRun === true,
    matched: counts.deletable,
    deleted: 0,
    held: counts.held,
    audioFiles: counts.audioFiles,
    audioFilesRemoved: 0,
    audioFilesFailed: [],
    sample: await store.pruneCandidates(cutoff, options.sampleSize ?? 20),
  };
  if (result.dryRun) return result;

  for (;;) {
    const batch = await store.deletePruneBatch(cutoff, batchSize);
    if (batch.length === 0) break;
    result.deleted += batch.length;
    for (const row of batch) {
      if (row.audioPath !== null) removeAudioFile(row.audioPath, result);
    }
    options.onBatch?.(result.deleted);
    if (batch.length < batchSize) break;
  }
  return result;
}

function removeAudioFile(path: string, result: PruneArchiveResult): void {
  try {
    rmSync(path);
    result.audioFilesRemoved += 1;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    // Already gone (removed by hand, or the archive was moved): nothing left to protect.
    if (code !== 'ENOENT') result.audioFilesFailed.push({ path, error: code });
  }
}

/** The audit row of a prune (not written for dry runs): what an auditor needs to see later. */
export async function auditPrune(store: ArchiveStore, result: PruneArchiveResult, actor: string, at: string, extra: Record<string, unknown> = {}): Promise<void> {
  await store.appendAudit({
    at,
    action: 'prune',
    actor,
    details: {
      cutoff: result.cutoff,
      deleted: result.deleted,
      held: result.held,
      audioFilesRemoved: result.audioFilesRemoved,
      audioFilesFailed: result.audioFilesFailed.length,
      ...extra,
    },
  });
}
