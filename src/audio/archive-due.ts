import { rmSync } from 'node:fs';
import type { DueAudio } from '../db/row-types.js';
import type { ArchiveStore } from '../db/store.js';
import type { ContentClient } from '../ringcentral/recording-content.js';
import { ApiError, AuthError, InvalidResponseError, TryAgainLaterError } from '../ringcentral/errors.js';
import { unlessInterrupted } from '../util/interrupted.js';
import { runPool } from '../util/pool.js';
import { contentRefusal } from './content-refusal.js';
import { DownloadBrokeOffError } from './errors.js';
import type { AudioEventListener } from './events.js';
import { archivePartPath, audioPathFor, commitToArchive } from './layout.js';
import { downloadResumable } from './resumable-download.js';
import { type AudioSetback, afterFailure, afterNotFound, afterRefused } from './status.js';

export interface ArchiveDueInput {
  store: ArchiveStore;
  client: ContentClient;
  audioDir: string;
  /** Downloads per run at most (config `sync.maxAudioPerRun`). */
  limit: number;
  concurrency: number;
  /** How long RingCentral keeps recordings on this account (config `ringcentral.recordingRetentionDays`). */
  recordingRetentionDays: number;
  now: () => Date;
  signal?: AbortSignal | undefined;
  onEvent: AudioEventListener;
}

/** This run's outcomes; `downloaded`, `missing` and `refused` are the sync summary's `audio` (docs/cli.md). */
export interface ArchiveDueResult {
  due: number;
  downloaded: number;
  /** Became `missing`: RingCentral no longer has them. */
  missing: number;
  /** Answered 403: tried again by a later sync. */
  refused: number;
  /** Answered 404 soon after the call: tried again by a later sync. */
  notYetAvailable: number;
  /** Broke off or failed otherwise: resumed by a later sync. */
  failed: number;
}

/**
 * Archives the audio of every recording that is due (docs/design.md, "Sync", step 6): what keeps a
 * recording playable after RingCentral deletes it. Oldest call first. Each download is resumable
 * (`Range`, a part file beside its final place that the next sync continues), verified against the
 * size RingCentral announced, hashed and renamed into place.
 *
 * What one recording answers concerns that recording only
 * (docs/design.md, "RingCentral as it really behaves"): a 404 or 403 is stored with its back-off
 * and the others go on. What concerns every
 * request ends the phase: an app-level 403 (anything but CMN-408) after storing it, a rejected
 * session, or RingCentral staying unavailable past the governor's budget (rethrown: the run fails
 * with exit 75, this recording backed off so that it does not block the others next time).
 */
export async function archiveDueAudio(input: ArchiveDueInput): Promise<ArchiveDueResult> {
  const { store, now } = input;
  const due = await store.dueAudio(now().toISOString(), input.limit);
  const result: ArchiveDueResult = { due: due.length, downloaded: 0, missing: 0, refused: 0, notYetAvailable: 0, failed: 0 };
  if (due.length === 0) return result;
  input.onEvent({ type: 'audio-start', due: due.length });
  let done = 0;
  let stop = false;

  const setBack = (item: DueAudio, setback: AudioSetback): Promise<void> => store.recordAudioSetback(item.id, setback, now().toISOString());

  await runPool(
    due,
    input.concurrency,
    async (item) => {
      const partPath = archivePartPath(input.audioDir, item.id, item.startTime);
      try {
        const download = await downloadResumable({ client: input.client, contentUri: item.contentUri, partPath, signal: input.signal });
        const path = audioPathFor(input.audioDir, item.id, item.startTime, download.contentType);
        const stored = await commitToArchive(partPath, path);
        await store.recordAudioArchived({ id: item.id, path, ...stored, contentType: download.contentType, now: now().toISOString() });
        result.downloaded += 1;
      } catch (error) {
        if (input.signal?.aborted) throw error;
        const refusal = contentRefusal(error);
        if (refusal?.kind === 'not_found') {
          const setback = afterNotFound(item, now(), input.recordingRetentionDays, refusal.message);
          await setBack(item, setback);
          if (setback.status === 'missing') {
            rmSync(partPath, { force: true });
            result.missing += 1;
            input.onEvent({ type: 'audio-missing', id: item.id, notFoundSince: setback.notFoundSince });
          } else {
            result.notYetAvailable += 1;
            input.onEvent({ type: 'audio-not-yet-available', id: item.id, nextAttemptAt: setback.nextAttemptAt! });
          }
        } else if (refusal?.kind === 'refused') {
          const setback = afterRefused(item, now(), input.recordingRetentionDays, refusal.message);
          await setBack(item, setback);
          if (setback.status === 'missing') {
            result.missing += 1;
            input.onEvent({ type: 'audio-missing', id: item.id, notFoundSince: null });
          } else {
            result.refused += 1;
            input.onEvent({ type: 'audio-refused', id: item.id, reason: refusal.message, nextAttemptAt: setback.nextAttemptAt! });
          }
          // Not CMN-408 (e.g. CMN-401, the app lacks ReadCallRecording): every other recording would
          // be refused the same way. They stay due for the next run.
          if (refusal.errorCode !== 'CMN-408') stop = true;
        } else if (error instanceof DownloadBrokeOffError || (!(error instanceof TryAgainLaterError) && isRemoteFailure(error))) {
          const message = (error as Error).message.slice(0, 300);
          const setback = afterFailure(item, now(), message);
          await setBack(item, setback);
          result.failed += 1;
          input.onEvent({ type: 'audio-failed', id: item.id, error: message, nextAttemptAt: setback.nextAttemptAt });
        } else {
          // RingCentral unavailable past the retry budget, a rejected session, a full disk: the
          // run's problem. This recording waits its turn so that it does not block the others.
          if (error instanceof TryAgainLaterError) await setBack(item, afterFailure(item, now(), error.message.slice(0, 300)));
          throw error;
        }
      }
      done += 1;
      input.onEvent({ type: 'audio', done, due: due.length });
    },
    () => stop || input.signal?.aborted === true,
    // An interruption cancels the downloads in flight (their part files stay for the next sync to
    // resume) and ends the phase with what was archived before: not a failure.
  ).catch(unlessInterrupted(input.signal));
  return result;
}

/**
 * A failure of this one download that RingCentral caused (an unexpected status, an unusable answer),
 * as opposed to ours (a file we could not write) or the session's (401, a refused login).
 */
function isRemoteFailure(error: unknown): boolean {
  if (error instanceof AuthError) return false;
  return error instanceof ApiError || error instanceof InvalidResponseError;
}
