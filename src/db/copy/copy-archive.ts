import { ArchiveSetupError, DatabaseError } from '../errors.js';
import type { ArchiveStore } from '../store.js';
import { copyDifference } from './merge.js';
import { COPY_MARKER_PREFIX, type ArchiveSnapshot, type CopyMarker } from './types.js';

/** Recordings per batch (one transaction in the target); history rows per batch. */
const RECORDINGS_PER_BATCH = 500;
const HISTORY_PER_BATCH = 2000;

export type CopyPhase = 'recordings' | 'history' | 'check';

export interface CopyOptions {
  now: () => Date;
  /**
   * Takes the target's sync lock for the copy and returns its release (the command passes the sync's
   * own, src/sync/lock.ts); none for a target no one else can see yet (a backup's temp file).
   */
  lockTarget?: (target: ArchiveStore) => Promise<() => Promise<void>>;
  /** After each batch: how far the phase is. */
  onProgress?: (phase: CopyPhase, done: number, total: number) => void;
  recordingsPerBatch?: number;
}

/** What `copy --json` prints (docs/cli.md, "`recordings copy --to <db>`"), with a few more fields. */
export interface CopyResult {
  /** Rows of the source's snapshot, all of them now in the target (the same or newer). */
  recordings: number;
  segments: number;
  insights: number;
  auditEntries: number;
  syncRuns: number;
  /** Recordings written into the target: new there, or older there. */
  written: number;
  /** Recordings the target already had, the same or newer (a resumed copy, or synced there since). */
  kept: number;
  sourceArchiveId: string;
  targetArchiveId: string;
  durationMs: number;
}

/**
 * Copies the whole archive in `source` into `target`, either backend to either
 * (docs/cli.md, "`recordings copy --to <db>`"): one consistent snapshot of the source, upserted into
 * the target in batches, each one transaction, so that a copy killed at any point is finished by running it again,
 * without duplicates. The target remembers the copy (its marker, written before any data), which is
 * what lets a second run in, and refuses a target that holds data from no earlier copy of this
 * source. The target's sync lock is held throughout (`lockTarget`): no sync writes into it meanwhile. It ends by
 * checking that every recording of the snapshot is in the target, the same or newer.
 */
export async function copyArchive(source: ArchiveStore, target: ArchiveStore, options: CopyOptions): Promise<CopyResult> {
  const started = Date.now();
  const snapshot = await source.snapshot();
  try {
    const targetArchiveId = await target.archiveId();
    if (snapshot.archiveId === targetArchiveId) {
      throw new ArchiveSetupError(`${target.location} is the same archive as ${source.location} (archive ${snapshot.archiveId})`, 'copy to another file or database');
    }
    const release = options.lockTarget ? await options.lockTarget(target) : async () => {};
    try {
      const marker = await startMarker(source, target, snapshot, options.now());
      const counts = await snapshot.counts();
      const progress = options.onProgress ?? (() => {});
      const copied = await copyRecordings(snapshot, target, marker, counts.recordings, options.recordingsPerBatch ?? RECORDINGS_PER_BATCH, progress);
      await target.importBatch({ marker, owners: await snapshot.owners() });
      const history = counts.auditEntries + counts.syncRuns;
      let historyDone = 0;
      for (let runs = await snapshot.syncRuns(marker.lastRunId, HISTORY_PER_BATCH); runs.length > 0; runs = await snapshot.syncRuns(marker.lastRunId, HISTORY_PER_BATCH)) {
        marker.lastRunId = runs.at(-1)!.id;
        await target.importBatch({ marker, syncRuns: runs });
        progress('history', (historyDone += runs.length), history);
      }
      for (let entries = await snapshot.auditEntries(marker.lastAuditId, HISTORY_PER_BATCH); entries.length > 0; entries = await snapshot.auditEntries(marker.lastAuditId, HISTORY_PER_BATCH)) {
        marker.lastAuditId = entries.at(-1)!.id;
        await target.importBatch({ marker, auditEntries: entries });
        progress('history', (historyDone += entries.length), history);
      }
      marker.finishedAt = options.now().toISOString();
      await target.importBatch({ marker, states: await snapshot.states() });
      await checkCopy(snapshot, target, counts.recordings, options.recordingsPerBatch ?? RECORDINGS_PER_BATCH, progress);
      return { ...counts, ...copied, sourceArchiveId: snapshot.archiveId, targetArchiveId, durationMs: Date.now() - started };
    } finally {
      await release().catch(() => {});
    }
  } finally {
    await snapshot.close();
  }
}

/**
 * The target's record of copies from this source: taken up again when there is one, otherwise a
 * new one, but only into a target that holds nothing yet. Written before any data, so that a copy
 * killed after its first batch is recognised when it is run again.
 */
async function startMarker(source: ArchiveStore, target: ArchiveStore, snapshot: ArchiveSnapshot, now: Date): Promise<CopyMarker> {
  const stored = await target.readState(`${COPY_MARKER_PREFIX}${snapshot.archiveId}`);
  if (stored === null && (await target.holdsData())) {
    throw new ArchiveSetupError(
      `${target.location} already holds an archive that was not copied from ${source.location}: a copy would mix two archives`,
      'copy into an empty database or a new file',
    );
  }
  const previous = stored === null ? null : (JSON.parse(stored) as CopyMarker);
  const marker: CopyMarker = {
    source: snapshot.archiveId,
    from: source.location,
    startedAt: now.toISOString(),
    finishedAt: null,
    lastRunId: previous?.lastRunId ?? 0,
    lastAuditId: previous?.lastAuditId ?? 0,
  };
  await target.importBatch({ marker });
  return marker;
}

async function copyRecordings(
  snapshot: ArchiveSnapshot,
  target: ArchiveStore,
  marker: CopyMarker,
  total: number,
  batchSize: number,
  progress: NonNullable<CopyOptions['onProgress']>,
): Promise<{ written: number; kept: number }> {
  const result = { written: 0, kept: 0 };
  let done = 0;
  for (let afterKey: number | null = null; ; ) {
    const batch = await snapshot.recordings(afterKey, batchSize);
    if (batch.recordings.length === 0) break;
    const imported = await target.importBatch({ marker, recordings: batch.recordings });
    result.written += imported.written;
    result.kept += imported.kept;
    progress('recordings', (done += batch.recordings.length), total);
    afterKey = batch.lastKey;
  }
  return result;
}

/** Every recording of the snapshot is in the target, the same or newer; the first that is not fails the copy (exit 1). */
async function checkCopy(snapshot: ArchiveSnapshot, target: ArchiveStore, total: number, batchSize: number, progress: NonNullable<CopyOptions['onProgress']>): Promise<void> {
  let done = 0;
  for (let afterKey: number | null = null; ; ) {
    const batch = await snapshot.recordings(afterKey, batchSize);
    if (batch.recordings.length === 0) return;
    const copies = new Map((await target.readRecordings(batch.recordings.map((recording) => recording.row.id))).map((copy) => [copy.row.id, copy]));
    for (const recording of batch.recordings) {
      const difference = copyDifference(recording, copies.get(recording.row.id));
      if (difference !== null) throw new DatabaseError(`the copy is incomplete: ${difference}`, 'run the same copy again: it finishes what is missing');
    }
    progress('check', (done += batch.recordings.length), total);
    afterKey = batch.lastKey;
  }
}
