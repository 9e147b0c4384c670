import { type LocalAudio, obtainAudio } from '../../audio/obtain.js';
import type { Config } from '../../config/config.js';
import { requireCredentials } from '../../config/load.js';
import type { RecordingDetail } from '../../db/queries/get.js';
import type { ArchiveStore } from '../../db/store.js';
import type { ContentClient } from '../../ringcentral/recording-content.js';
import { verbosityOf } from '../context.js';
import { terminalSafe } from '../output/terminal-text.js';
import type { Invocation } from '../invocation.js';
import { packageVersion } from '../version.js';
import { type DownloadProgress, createDownloadProgress, formatBytes } from './download-progress.js';

/**
 * The recording's audio as a local file, through the audio module (archive, then cache, then
 * RingCentral), with what the user sees of it: a line when the archived copy is damaged, `-v`
 * notes of where the audio came from, and download progress on stderr. `summarise` ends a download's
 * progress with its size (not when the caller prints its own line about the result).
 */
export async function fetchAudio(input: {
  invocation: Invocation;
  config: Config;
  store: ArchiveStore;
  recording: RecordingDetail;
  contentUri: string;
  sink?: ((chunk: Buffer) => Promise<void>) | undefined;
  summarise: boolean;
}): Promise<LocalAudio> {
  const { invocation, config, recording } = input;
  const label = `recording ${recording.id}`;
  let progress: DownloadProgress | null = null;
  let client: { redact(text: string): string } | null = null;
  const connect = async (): Promise<ContentClient> => {
    const credentials = requireCredentials(config);
    progress = await createDownloadProgress(invocation.ctx.stderr, verbosityOf(invocation.globals), label);
    const shown = progress;
    // The SDK and zod load only when a download is needed: playing from the archive stays fast.
    const { RingCentralClient, clientOptionsFromConfig } = await import('../../ringcentral/client.js');
    const made = new RingCentralClient(
      clientOptionsFromConfig(config, credentials, {
        appVersion: packageVersion(),
        onWait: (wait) => shown.waiting(wait.ms, `${wait.reason}: ${wait.detail}`),
      }),
    );
    client = made;
    return made;
  };
  const audio = await obtainAudio({
    store: input.store,
    recording,
    contentUri: input.contentUri,
    cacheDir: config.cacheDir,
    server: config.ringcentral.server,
    recordingRetentionDays: config.ringcentral.recordingRetentionDays,
    now: invocation.ctx.now,
    connect,
    sink: input.sink,
    events: {
      // A file another machine archived is expected on a shared archive (docs/cli.md, "`recordings stream <id>`"); a changed one is not.
      onArchiveDamaged: (path, how) =>
        how === 'absent'
          ? invocation.log.info(`the archived audio of recording ${recording.id} is not on this machine (${terminalSafe(path ?? '')}); fetching it from RingCentral`)
          : invocation.log.warn(`the archived audio of recording ${recording.id} has changed (sha256 differs); fetching it from RingCentral`),
      onRequest: (offset) => progress?.request(offset),
      onProgress: (bytes, total) => progress?.progress(bytes, total),
      onInterrupted: (bytes, reason) => progress?.interrupted(bytes, client ? client.redact(reason) : reason),
      onDownloadEnd: (result) =>
        progress?.stop(result && input.summarise ? `downloaded ${formatBytes(result.bytes)}${result.resumes > 0 ? ` (resumed ${result.resumes}×)` : ''}` : undefined),
    },
  });
  if (audio.source !== 'download') invocation.log.verbose(`${label}: using the ${audio.source}'s audio ${audio.path}`);
  return audio;
}
