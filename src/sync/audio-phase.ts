import type { Database } from 'better-sqlite3';
import { recordingsWithoutAudio, setAudioArchived, setAudioMissing } from '../db/sync-queries.js';
import { ensurePrivateDir } from '../util/private-files.js';
import { runPool } from '../util/pool.js';
import type { SyncApi } from './api.js';
import { audioPathFor, writeAudioFile } from './audio-archive.js';
import type { SyncEventListener } from './events.js';

export interface AudioPhaseResult {
  due: number;
  downloaded: number;
  missing: number;
  /** Downloads whose stream kept breaking: not archived, tried again by the next sync. */
  failed: number;
}

/** Tries per recording when the audio stream breaks after the response started. */
const STREAM_ATTEMPTS = 3;

/**
 * Downloads the audio of every recording not archived yet, oldest first (docs/design.md, "Sync", step 6):
 * what keeps a recording playable after RingCentral deletes it at 90 days. Content shares the
 * Heavy group with the call log, so the governor paces these.
 */
export async function syncAudio(input: {
  db: Database;
  api: SyncApi;
  audioDir: string;
  limit: number;
  concurrency: number;
  now: () => Date;
  signal?: AbortSignal | undefined;
  onEvent: SyncEventListener;
}): Promise<AudioPhaseResult> {
  const due = recordingsWithoutAudio(input.db, input.limit);
  const result: AudioPhaseResult = { due: due.length, downloaded: 0, missing: 0, failed: 0 };
  if (due.length === 0) return result;
  ensurePrivateDir(input.audioDir);
  input.onEvent({ type: 'audio-start', due: due.length });
  let done = 0;
  await runPool(
    due,
    input.concurrency,
    async (item) => {
      for (let attempt = 1; ; attempt++) {
        const download = await input.api.downloadAudio(item.contentUri, input.signal);
        if (!download) {
          setAudioMissing(input.db, item.id, input.now().toISOString());
          input.onEvent({ type: 'audio-missing', id: item.id });
          result.missing += 1;
          break;
        }
        const path = audioPathFor(input.audioDir, item.id, item.startTime, download.contentType);
        try {
          const { sha256, bytes } = await writeAudioFile(path, download.body, input.signal);
          setAudioArchived(input.db, { id: item.id, path, sha256, bytes, contentType: download.contentType, now: input.now().toISOString() });
          result.downloaded += 1;
          break;
        } catch (error) {
          // The governor retries the request, not the body: a connection lost mid-stream is tried
          // again here, then left (not archived) for the next sync rather than failing the run.
          if (input.signal?.aborted) throw error;
          if (attempt >= STREAM_ATTEMPTS) {
            input.onEvent({ type: 'audio-failed', id: item.id, error: (error as Error).message.slice(0, 200) });
            result.failed += 1;
            break;
          }
        }
      }
      done += 1;
      input.onEvent({ type: 'audio', done, due: due.length });
    },
    () => input.signal?.aborted === true,
  );
  return result;
}
