import type { Config, Credentials } from '../../config/config.js';
import { loadConfig, requireCredentials } from '../../config/load.js';
import { openStore } from '../../db/open-store.js';
import { clientOptionsFromConfig, RingCentralClient } from '../../ringcentral/index.js';
import { ringCentralSyncApi } from '../../sync/ringcentral-sync-api.js';
import { runSync, type SyncOptions, type SyncSummary } from '../../sync/run-sync.js';
import { verbosityOf } from '../context.js';
import { endOfRange, parseWhen } from '../../query/dates.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { CommandFunction, Invocation } from '../invocation.js';
import { type TimeFormatter, timeFormatter } from '../output/time.js';
import { createSyncProgress } from '../progress/sync-progress.js';
import { keepHeapUnder } from '../../util/heap-ceiling.js';
import { currentActor } from './actor.js';
import { packageVersion } from '../version.js';

export interface SyncCommandOptions {
  since?: string;
  until?: string;
  full?: boolean;
  transcripts: boolean;
  retry?: boolean;
  audio?: boolean;
  schedule?: string;
  json?: boolean;
}

/**
 * Above this much heap (live and dead), a full collection runs between call-log pages and every 50
 * transcripts. Measured on a 100k-recording backfill: no ceiling 5,600/s at ~265 MB peak RSS; 40 MB
 * 4,300/s at ~172 MB; 56 MB 5,760/s at ~206 MB (BENCHMARKS.md).
 */
const HEAP_CEILING_BYTES = 56 * 1024 * 1024;

/** Exit code of a run stopped by SIGINT/SIGTERM before it finished (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;

/**
 * `recordings sync`: one poll of the call log, or with --schedule a long-running process that
 * syncs on a cron expression, one sync at a time.
 */
export const syncCommand: CommandFunction<SyncCommandOptions> = async (invocation, options) => {
  const config = await loadConfig(invocation.globals, invocation.ctx.env);
  // Read once, before anything is created: a missing or unreadable credential is exit 2 with no archive made.
  const credentials = requireCredentials(config);
  const now = invocation.ctx.now();
  const since = options.since === undefined ? null : parseWhen(options.since, now, '--since').ms;
  const until = options.until === undefined ? null : untilMs(options.until, now);
  if (since !== null && until !== null && since >= until) {
    throw new UsageError(`--since (${options.since}) is not before --until (${options.until})`, 'e.g. --since 2026-11-01 --until 2026-11-08');
  }
  const syncOptions: SyncOptions = {
    since,
    until,
    full: options.full === true,
    transcripts: options.transcripts,
    retry: options.retry === true,
    audio: options.audio === true,
  };
  if (options.schedule !== undefined) {
    const { runSchedule } = await import('./sync-schedule.js');
    return runSchedule(invocation, options.schedule, () => syncOnce(invocation, config, credentials, syncOptions, options.json === true));
  }
  return syncOnce(invocation, config, credentials, syncOptions, options.json === true);
};

/** A bare date as --until means through the end of that day. */
function untilMs(text: string, now: Date): number {
  const when = parseWhen(text, now, '--until');
  return when.dateOnly ? endOfRange(when) : when.ms;
}

export async function syncOnce(invocation: Invocation, config: Config, credentials: Credentials, options: SyncOptions, json: boolean): Promise<number> {
  const { ctx, log } = invocation;
  // Listening for Ctrl-C before anything shows: from the first spinner frame on, it stops cleanly.
  const signal = ctx.interruption?.();
  const progress = await createSyncProgress(ctx.stderr, verbosityOf(invocation.globals), ctx.now);
  const client = new RingCentralClient(
    clientOptionsFromConfig(config, credentials, {
      appVersion: packageVersion(),
      onWait: (wait) => progress.onWait(wait),
    }),
  );
  const store = await openStore(config.database, { create: true });
  try {
    const summary = await runSync(
      {
        store,
        api: ringCentralSyncApi(client),
        settings: config.sync,
        defaultRegion: config.phone.defaultRegion,
        topics: config.topics,
        intents: config.intents,
        now: ctx.now,
        signal,
        onEvent: (event) => {
          if (event.type === 'page' || (event.type === 'transcript' && event.done % 50 === 0)) keepHeapUnder(HEAP_CEILING_BYTES);
          progress.onEvent(event);
        },
        retentionDays: config.retention.days,
        recordingRetentionDays: config.ringcentral.recordingRetentionDays,
        actor: currentActor(ctx.env),
      },
      options,
    );
    progress.stop();
    ctx.stdout.write(json ? `${JSON.stringify(summary)}\n` : describeSummary(summary, timeFormatter(ctx.stdout, ctx.now()), config.sync.maxTranscriptsPerRun));
    if (summary.status === 'interrupted') {
      log.warn('interrupted: what was committed is kept; the next sync redoes at most this window');
      return EXIT_INTERRUPTED;
    }
    if (summary.status === 'error') {
      // Everything else was committed; the run still fails so cron and monitoring notice.
      log.error(summary.error ?? 'the sync stopped on an error');
      if (summary.hint) ctx.stderr.write(`${summary.hint}
`);
      return EXIT.failure;
    }
    return 0;
  } finally {
    progress.stop();
    await store.close();
  }
}

function describeSummary(summary: SyncSummary, times: TimeFormatter, maxTranscriptsPerRun: number): string {
  const r = summary.recordings;
  const t = summary.transcripts;
  const lines = [
    `Window        ${times.at(summary.window.from)} → ${times.at(summary.window.to)}`,
    `Recordings    ${r.seen} seen, ${r.new} new, ${r.updated} updated${r.invalid ? `, ${r.invalid} invalid records skipped` : ''}`,
    `Transcripts   ${t.fetched} fetched, ${t.pending} pending, ${t.unavailable} unavailable, ${t.failed} failed${t.notLicensed ? `, ${t.notLicensed} not licensed` : ''}`,
  ];
  if (t.backlog) {
    lines.push(`Backlog       ${t.backlog} transcripts still due (a sync fetches at most ${maxTranscriptsPerRun}: sync.maxTranscriptsPerRun)`);
  }
  if (summary.retention.deleted) lines.push(`Retention     ${summary.retention.deleted} recordings past retention.days deleted`);
  const audio = describeAudio(summary.audio);
  if (audio) lines.push(`Audio         ${audio}`);
  lines.push(`API requests  ${summary.apiRequests} in ${(summary.durationMs / 1000).toFixed(1)} s`);
  if (summary.status !== 'ok') lines.push(`Status        ${summary.status}${summary.error ? `: ${summary.error}` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** The audio line of the summary: only the outcomes that happened, null when nothing was downloaded or tried. */
function describeAudio(audio: SyncSummary['audio']): string | null {
  const parts = [
    audio.downloaded || audio.missing || audio.refused || audio.notYetAvailable || audio.failed ? `${audio.downloaded} archived` : null,
    audio.notYetAvailable ? `${audio.notYetAvailable} not available yet (tried again later)` : null,
    audio.refused ? `${audio.refused} refused by RingCentral (403, tried again later; see recordings status)` : null,
    audio.failed ? `${audio.failed} failed (resumed later)` : null,
    audio.missing ? `${audio.missing} gone at RingCentral` : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}
