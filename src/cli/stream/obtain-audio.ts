import type { Config } from '../../config/config.js';
import { requireCredentials } from '../../config/load.js';
import type { RecordingDetail } from '../../db/queries/get.js';
import { ApiError } from '../../ringcentral/errors.js';
import type { Invocation } from '../invocation.js';
import { NotFoundError } from '../errors.js';
import { verbosityOf } from '../context.js';
import { packageVersion } from '../version.js';
import { verifiedArchiveFile } from './archived-audio.js';
import { AudioCache } from './audio-cache.js';
import { createDownloadProgress, formatBytes } from './download-progress.js';
import { downloadResumable } from './resumable-download.js';

export type AudioSource = 'archive' | 'cache' | 'download';

export interface LocalAudio {
  source: AudioSource;
  path: string;
  bytes: number;
  /** The bytes already went to the sink while downloading (`--output -`). */
  streamed: boolean;
}

/**
 * A local file holding the recording's audio: the archive's copy when it is intact (no network,
 * no credentials), else the cache's, else a fresh download into the cache. With `sink`, a download
 * also hands its bytes on as they arrive, so `-o - | mpv -` starts playing before the end.
 */
export async function obtainAudio(input: {
  invocation: Invocation;
  config: Config;
  recording: RecordingDetail;
  contentUri: string;
  sink?: ((chunk: Buffer) => Promise<void>) | undefined;
}): Promise<LocalAudio> {
  const { invocation, config, recording } = input;
  const archived = await verifiedArchiveFile(recording.audio);
  if (archived) {
    invocation.log.verbose(`recording ${recording.id}: using the archived audio ${archived.path}`);
    return { source: 'archive', ...archived, streamed: false };
  }
  if (recording.audio.status === 'archived') {
    invocation.log.warn(`the archived audio of recording ${recording.id} is missing or changed (sha256 differs); fetching it from RingCentral`);
  }
  const cache = new AudioCache(config.cacheDir);
  cache.evict(invocation.ctx.now().getTime());
  const cached = await cache.lookup(recording.id);
  if (cached) {
    invocation.log.verbose(`recording ${recording.id}: using the cached audio ${cached.path}`);
    return { source: 'cache', path: cached.path, bytes: cached.bytes, streamed: false };
  }
  return download(input, cache);
}

async function download(
  input: { invocation: Invocation; config: Config; recording: RecordingDetail; contentUri: string; sink?: ((chunk: Buffer) => Promise<void>) | undefined },
  cache: AudioCache,
): Promise<LocalAudio> {
  const { invocation, config, recording } = input;
  const credentials = requireCredentials(config);
  const progress = await createDownloadProgress(invocation.ctx.stderr, verbosityOf(invocation.globals), `recording ${recording.id}`);
  // The SDK and zod load only when a download is needed: playing from the archive stays fast.
  const { RingCentralClient, clientOptionsFromConfig } = await import('../../ringcentral/client.js');
  const client = new RingCentralClient(
    clientOptionsFromConfig(config, credentials, {
      appVersion: packageVersion(),
      onWait: (wait) => progress.waiting(wait.ms, `${wait.reason}: ${wait.detail}`),
    }),
  );
  const partPath = cache.claimPart(recording.id);
  try {
    const result = await downloadResumable({
      client,
      contentUri: input.contentUri,
      partPath,
      sink: input.sink,
      events: {
        onRequest: (offset) => progress.request(offset),
        onProgress: (bytes, total) => progress.progress(bytes, total),
        onInterrupted: (bytes, reason) => progress.interrupted(bytes, client.redact(reason)),
      },
    });
    const cached = await cache.commit(recording.id, partPath, result.contentType);
    progress.stop(`downloaded ${formatBytes(cached.bytes)}${result.resumes > 0 ? ` (resumed ${result.resumes}×)` : ''}`);
    return { source: 'download', path: cached.path, bytes: cached.bytes, streamed: input.sink !== undefined };
  } catch (error) {
    progress.stop();
    cache.releasePart(recording.id, partPath);
    if (error instanceof ApiError && error.status === 404) throw goneFromRingCentral(recording.id);
    throw error;
  }
}

/** RingCentral deletes recordings after 90 days (docs/ringcentral.md, "Retention"): say so, and how to keep audio next time. */
export function goneFromRingCentral(recordingId: string): NotFoundError {
  return new NotFoundError(
    `RingCentral no longer has the audio of recording ${recordingId} (404): it keeps recordings for 90 days, and this one was not archived`,
    'to keep audio past the 90 days, archive it as calls come in: recordings sync --audio (or "sync": {"audio": true} in the config)',
  );
}
