import { existsSync } from 'node:fs';
import { DatabasePermissionError } from '../db/errors.js';
import type { RecordingDetail } from '../db/queries/get.js';
import type { ArchiveStore } from '../db/store.js';
import type { ContentClient } from '../ringcentral/recording-content.js';
import { verifiedArchiveFile } from './archived-file.js';
import { AudioCache } from './cache.js';
import { contentRefusal } from './content-refusal.js';
import { AudioUnavailableError } from './errors.js';
import { foreignContentHost } from './foreign-host.js';
import { type DownloadEvents, type DownloadResult, downloadResumable } from './resumable-download.js';
import { afterNotFound, afterRefused, pastRetention } from './status.js';

export type AudioSource = 'archive' | 'cache' | 'download';

export interface LocalAudio {
  source: AudioSource;
  path: string;
  bytes: number;
  /** The bytes already went to the sink while downloading (`--output -`). */
  streamed: boolean;
  /** How many times a download resumed with `Range` (0 when nothing was downloaded). */
  resumes: number;
}

export interface ObtainAudioInput {
  /**
   * The archive: what stream learns from RingCentral (a 404, a 403) is stored as sync would store it.
   * Without it nothing is written there: `serve` changes no recording (docs/cli.md, "`recordings serve`").
   */
  store?: ArchiveStore | undefined;
  recording: RecordingDetail;
  contentUri: string;
  /** `$XDG_CACHE_HOME/recordings`. */
  cacheDir: string;
  /** The configured RingCentral server: a recording served by another one (a simulator) cannot be fetched. */
  server: string;
  recordingRetentionDays: number;
  now: () => Date;
  /** A client, made only when a download is needed (loading the SDK costs start-up time). */
  connect: () => Promise<ContentClient>;
  sink?: ((chunk: Buffer) => Promise<void>) | undefined;
  signal?: AbortSignal | undefined;
  events?: ObtainEvents;
}

export interface ObtainEvents extends DownloadEvents {
  /**
   * The archive says the audio is archived, but the file is not here (`absent`: on a shared archive,
   * it is on the machine that synced it; or it was moved or deleted) or is not what was archived
   * (`changed`): the audio is fetched instead.
   */
  onArchiveDamaged?(path: string | null, how: 'absent' | 'changed'): void;
  /** The download ended, either way. */
  onDownloadEnd?(result: DownloadResult | null): void;
}

/**
 * A local file holding a recording's audio, for `stream` and `serve`
 * (docs/design.md, "The audio module"): the archive's copy when it is intact (no network, no credentials), else the cache's,
 * else a fresh download into the cache with the same downloader `sync --audio` uses. With `sink`, a
 * download also hands its bytes on as they arrive, so `-o - | mpv -` starts playing before the end.
 *
 * Audio that cannot be had throws AudioUnavailableError: `gone` (RingCentral no longer has it),
 * `not_yet_available` (a 404 soon after the call: try again later), `refused` (403), `elsewhere`
 * (the recording came from a simulator that is not the configured server).
 */
export async function obtainAudio(input: ObtainAudioInput): Promise<LocalAudio> {
  const { recording } = input;
  const events = input.events ?? {};
  const archived = await verifiedArchiveFile(recording.audio);
  if (archived) return { source: 'archive', ...archived, streamed: false, resumes: 0 };
  if (recording.audio.status === 'archived') {
    const { path } = recording.audio;
    events.onArchiveDamaged?.(path, path && existsSync(path) ? 'changed' : 'absent');
  }
  if (recording.audio.status === 'missing') throw gone(recording, input.now(), input.recordingRetentionDays);

  const cache = new AudioCache(input.cacheDir);
  cache.evict(input.now().getTime());
  const cached = await cache.lookup(recording.id);
  if (cached) return { source: 'cache', path: cached.path, bytes: cached.bytes, streamed: false, resumes: 0 };

  const foreign = await foreignContentHost(input.contentUri, input.server);
  if (foreign) throw fromSimulator(recording.id, foreign);
  return download(input, cache);
}

async function download(input: ObtainAudioInput, cache: AudioCache): Promise<LocalAudio> {
  const { recording } = input;
  const events = input.events ?? {};
  const client = await input.connect();
  const partPath = cache.claimPart(recording.id);
  try {
    const result = await downloadResumable({ client, contentUri: input.contentUri, partPath, sink: input.sink, signal: input.signal, events });
    const stored = await cache.commit(recording.id, partPath, result.contentType);
    events.onDownloadEnd?.(result);
    // It was waiting out a back-off: the next sync archives it at once.
    const { store } = input;
    if (store) await noteInArchive(() => store.makeAudioDueNow(recording.id, input.now().toISOString()));
    return { source: 'download', path: stored.path, bytes: stored.bytes, streamed: input.sink !== undefined, resumes: result.resumes };
  } catch (error) {
    events.onDownloadEnd?.(null);
    cache.releasePart(recording.id, partPath);
    throw (await unavailable(input, error)) ?? error;
  }
}

/**
 * What `stream` learns is worth storing, but a role that may only read the archive and append to its
 * audit log (a support desk's on a shared PostgreSQL archive, README.md, "When one file is not enough")
 * may not store it: the audio is what the user asked for, so it is handed over all the same.
 */
async function noteInArchive(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!(error instanceof DatabasePermissionError)) throw error;
  }
}

/** A 404 or 403 of the content, stored as sync stores it and told as the user needs it; null for anything else. */
async function unavailable(input: ObtainAudioInput, error: unknown): Promise<AudioUnavailableError | null> {
  const refusal = contentRefusal(error);
  if (!refusal) return null;
  const { recording, store } = input;
  const now = input.now();
  const state = { startTime: recording.startTime, attempts: recording.audio.attempts, notFoundSince: recording.audio.notFoundSince };
  if (refusal.kind === 'refused') {
    const setback = afterRefused(state, now, input.recordingRetentionDays, refusal.message);
    if (store) await noteInArchive(() => store.recordAudioSetback(recording.id, setback, now.toISOString()));
    return new AudioUnavailableError(
      'refused',
      `RingCentral refused the audio of recording ${recording.id}: ${refusal.message}`,
      refusal.errorCode === 'CMN-408'
        ? "the RingCentral user of the JWT needs the user permission ReadCompanyCallRecording for this recording's extension, granted by an administrator through the user's role"
        : 'the app or the RingCentral user lacks a permission to read call recordings (ReadCallRecording); check with: recordings doctor',
    );
  }
  const setback = afterNotFound(state, now, input.recordingRetentionDays, refusal.message);
  if (store) await noteInArchive(() => store.recordAudioSetback(recording.id, setback, now.toISOString()));
  if (setback.status === 'missing') return gone({ ...recording, audio: { ...recording.audio, notFoundSince: setback.notFoundSince } }, now, input.recordingRetentionDays);
  return new AudioUnavailableError(
    'not_yet_available',
    `the audio of recording ${recording.id} is not available at RingCentral yet (404 since ${setback.notFoundSince}): RingCentral sometimes serves a recording's audio only a while after the call`,
    `try again later; recordings sync --audio keeps asking, and gives up only if it stays unavailable for a day`,
  );
}

/**
 * RingCentral deletes recordings after the account's retention (90 days by default): say so, or that
 * it answered 404 for over a day, and how to keep audio next time.
 */
export function gone(recording: Pick<RecordingDetail, 'id' | 'startTime' | 'audio'>, now: Date, retentionDays: number): AudioUnavailableError {
  const why = pastRetention(recording.startTime, now, retentionDays) || !recording.audio.notFoundSince
    ? `it keeps recordings for ${retentionDays} day${retentionDays === 1 ? '' : 's'}`
    : `it has answered 404 since ${recording.audio.notFoundSince}`;
  return new AudioUnavailableError(
    'gone',
    `RingCentral no longer has the audio of recording ${recording.id} (404): ${why}, and this one was not archived`,
    'to keep audio past RingCentral\'s retention, archive it as calls come in: recordings sync --audio (or "sync": {"audio": true} in the config)',
  );
}

export function fromSimulator(recordingId: string, foreign: { host: string; running: boolean }): AudioUnavailableError {
  const state = foreign.running
    ? `which is running but is not the configured RingCentral server`
    : 'which is no longer running (a demo stops its simulator when it ends)';
  return new AudioUnavailableError(
    'elsewhere',
    `recording ${recordingId} came from a RingCentral simulator at ${foreign.host} (recordings demo or recordings simulator), ${state}; its audio was never archived, and only that simulator can serve it`,
    foreign.running
      ? 'point RC_SERVER_URL and the other RC_* variables at it (recordings simulator prints them), or use an archive synced from your own account'
      : "to try stream, run 'recordings simulator', export the RC_* lines it prints, sync a new archive from it (recordings --db new.db sync --audio) and stream from that while the simulator runs",
  );
}
