import { extname, resolve } from 'node:path';
import type { Config } from '../../config/config.js';
import { inlineJwt, loadConfig, requireCredentials } from '../../config/load.js';
import type { RecordingDetail } from '../../db/queries/get.js';
import type { ArchiveStore } from '../../db/store.js';
import { NotFoundError, UsageError } from '../errors.js';
import type { CommandFunction, Invocation } from '../invocation.js';
import { openArchive } from '../open-database.js';
import { terminalSafe } from '../output/terminal-text.js';
import { packageVersion } from '../version.js';
import { currentActor } from './actor.js';
import { type AudioSource, type LocalAudio, fromSimulator, gone } from '../../audio/obtain.js';
import { foreignContentHost } from '../../audio/foreign-host.js';
import { byteSink, saveCopy, sendFile } from '../stream/deliver.js';
import { formatBytes } from '../stream/download-progress.js';
import { fetchAudio } from '../stream/fetch-audio.js';
import { type PlayerCommand, choosePlayer, runPlayer } from '../stream/player.js';
import { playerEnvironment } from '../stream/player-environment.js';

export interface StreamOptions {
  output?: string;
  player?: string;
  url?: boolean;
}

type Destination = 'player' | 'file' | 'stdout' | 'url';

/**
 * `recordings stream <id>` (docs/cli.md, "`recordings stream <id>`"): plays a recording from the local audio archive when it is
 * there, otherwise from RingCentral through the cache; or saves it (`--output`), pipes it
 * (`--output -`) or prints a signed URL (`--url`). Every stream is written to the audit log.
 */
export const streamCommand: CommandFunction<StreamOptions> = async (invocation, options, id) => {
  const wanted = (id ?? '').trim();
  if (!wanted) throw new UsageError('stream: the id is empty', 'example: recordings stream 1234567890 (find ids with: recordings search)');
  const destination = destinationOf(options);
  const { ctx } = invocation;
  if (destination === 'stdout' && ctx.stdout.isTTY) {
    throw new UsageError('refusing to write audio to a terminal', 'pipe it to a player (recordings stream ID -o - | mpv -) or save it with --output <file>');
  }
  // Credentials are only located here: they are read when the audio must come from RingCentral.
  const config = await loadConfig(invocation.globals, ctx.env);
  const store = await openArchive(config.database);
  try {
    // Before any download: a missing player should not cost a request.
    const player = destination === 'player' ? choosePlayer({ option: options.player, configured: config.player, env: ctx.env }) : null;
    const recording = await findOrThrow(store, wanted);
    const contentUri = (await store.contentUri(recording.id)) ?? '';
    const audit = (source: AudioSource | 'ringcentral', bytes: number | null, extra: Record<string, unknown> = {}) =>
      store.appendAudit({
        at: ctx.now().toISOString(),
        action: 'stream',
        actor: currentActor(ctx.env),
        recordingId: recording.id,
        details: { source, destination, bytes, ...extra },
      });

    if (destination === 'url') {
      await printSignedUrl(invocation, config, recording, contentUri);
      await audit('ringcentral', null);
      return 0;
    }
    const sink = destination === 'stdout' ? byteSink(ctx.stdout) : undefined;
    const audio = await fetchAudio({ invocation, config, store, recording, contentUri, sink, summarise: destination !== 'file' });

    if (destination === 'stdout') {
      const bytes = audio.streamed ? audio.bytes : await sendFile(audio.path, sink!);
      await audit(audio.source, bytes);
      return 0;
    }
    if (destination === 'file') {
      const target = resolve(options.output!);
      const bytes = await saveCopy(audio.path, target);
      await audit(audio.source, bytes, { output: target });
      invocation.log.info(`saved recording ${recording.id} to ${terminalSafe(target)} (${formatBytes(bytes)}, ${origin(audio)})`);
      const mismatch = formatMismatch(target, audio.path);
      if (mismatch) invocation.log.warn(mismatch);
      return 0;
    }
    await audit(audio.source, audio.bytes, { player: player!.program });
    await play(invocation, config, player!, audio.path, recording.id, audio.source);
    return 0;
  } finally {
    await store.close();
  }
};

function destinationOf(options: StreamOptions): Destination {
  if (options.url) {
    if (options.output !== undefined || options.player !== undefined) throw new UsageError('--url cannot be combined with --output or --player');
    return 'url';
  }
  if (options.output !== undefined) {
    if (options.player !== undefined) throw new UsageError('--output and --player exclude each other: save the audio, or play it');
    if (options.output === '') throw new UsageError('--output needs a file name, or - for stdout');
    return options.output === '-' ? 'stdout' : 'file';
  }
  return 'player';
}

async function findOrThrow(store: ArchiveStore, wanted: string): Promise<RecordingDetail> {
  const recording = await store.findRecording(wanted);
  if (recording) return recording;
  const shown = terminalSafe(wanted.length > 60 ? `${wanted.slice(0, 60)}…` : wanted);
  throw new NotFoundError(`no recording, call or session with id '${shown}' in the archive`, 'find ids with: recordings search');
}

/**
 * `--url`: the content URL with `access_token=` (SDK signUrl). It is printed only because the user
 * asked, and the warning says what it carries: the URL lives as long as the token, ≤ 1 h
 * (docs/ringcentral.md, "Auth and tokens").
 */
async function printSignedUrl(invocation: Invocation, config: Config, recording: RecordingDetail, contentUri: string): Promise<void> {
  // Sync already saw the content answer 404 for good: a URL to it would be useless.
  if (recording.audio.status === 'missing') throw gone(recording, invocation.ctx.now(), config.ringcentral.recordingRetentionDays);
  const foreign = await foreignContentHost(contentUri, config.ringcentral.server);
  if (foreign) throw fromSimulator(recording.id, foreign);
  const credentials = requireCredentials(config);
  const { RingCentralClient, clientOptionsFromConfig } = await import('../../ringcentral/client.js');
  const { signedUrl } = await import('../../ringcentral/recording-content.js');
  const client = new RingCentralClient(clientOptionsFromConfig(config, credentials, { appVersion: packageVersion() }));
  const url = await signedUrl(client, contentUri);
  invocation.ctx.stdout.write(`${url}\n`);
  // Always shown, even with -q: the URL on stdout is a credential.
  invocation.ctx.stderr.write(
    'recordings: warning: this URL contains an access token to your RingCentral account, valid for at most one hour; do not share it or paste it where others can read it\n',
  );
}

/**
 * RingCentral serves MP3 or WAV as the company setting says, which the user cannot know beforehand:
 * say so when the name given says the other one (the file itself is written as served).
 */
function formatMismatch(target: string, audioPath: string): string | null {
  const wanted = extname(target).toLowerCase();
  const actual = extname(audioPath).toLowerCase();
  if (!['.mp3', '.wav'].includes(wanted) || wanted === actual) return null;
  return `the audio is ${actual === '.mp3' ? 'MP3 (audio/mpeg)' : 'WAV (audio/wav)'}, but ${terminalSafe(target)} is named ${wanted}`;
}

/** Where the bytes came from, as the messages say it. */
function origin(audio: LocalAudio): string {
  if (audio.source === 'download') return `downloaded from RingCentral${audio.resumes > 0 ? `, resumed ${audio.resumes}×` : ''}`;
  return `from the ${audio.source}, ${terminalSafe(audio.path)}`;
}

async function play(invocation: Invocation, config: Config, player: PlayerCommand, path: string, recordingId: string, source: AudioSource): Promise<void> {
  const message = `playing recording ${recordingId} (${source === 'download' ? 'downloaded' : `from the ${source}`}) with ${player.program}`;
  if (invocation.ctx.stderr.isTTY) invocation.log.info(message);
  else invocation.log.verbose(message);
  const secrets = [config.ringcentral.clientSecret, inlineJwt(config)].filter((secret): secret is string => Boolean(secret));
  await runPlayer(player, path, playerEnvironment(invocation.ctx.env, secrets));
}
