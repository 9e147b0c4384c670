import type { SyncSettings } from '../config/config.js';
import { archiveDueAudio } from '../audio/archive-due.js';
import type { ArchiveStore } from '../db/store.js';
import { describeInterruption } from '../util/interrupted.js';
import type { SyncApi } from './api.js';
import { syncCallLog } from './call-log-phase.js';
import { compileRules, type KeywordRules } from './classify.js';
import type { SyncEventListener } from './events.js';
import { INVALID_RECORDS_STATE, invalidOutcome, pendingInvalidStart } from './invalid-records.js';
import { acquireSyncLock } from './lock.js';
import { auditPrune, pruneArchive } from './retention.js';
import { syncTranscripts, type TranscriptCounts } from './transcript-phase.js';
import { afterCompleteWindow, formatRereadState, parseRereadState, rereadFrom } from './long-call-reread.js';
import { advanceCheckpoint, computeWindow } from './window.js';

export interface SyncOptions {
  /** --since, in ms since the epoch. */
  since: number | null;
  /** --until, in ms since the epoch. */
  until: number | null;
  full: boolean;
  transcripts: boolean;
  retry: boolean;
  audio: boolean;
}

export interface SyncDependencies {
  store: ArchiveStore;
  api: SyncApi;
  settings: SyncSettings;
  defaultRegion: string;
  topics: KeywordRules;
  intents: KeywordRules;
  now: () => Date;
  /**
   * Aborting stops the run at once, safely: the request or rate-limit wait in progress is cancelled
   * (a recording whose transcript or audio it was stays due), a call-log page is stored whole or
   * not at all, and the run ends `interrupted` with what was committed.
   */
  signal?: AbortSignal | undefined;
  onEvent?: SyncEventListener | undefined;
  /** Requests in flight at once for transcripts and audio (the governor still paces them). */
  concurrency?: number;
  /** How long RingCentral keeps recordings on this account (config `ringcentral.recordingRetentionDays`, default 90). */
  recordingRetentionDays?: number;
  /** Config `retention.days`: after a successful run, recordings older than this are pruned. */
  retentionDays?: number | null;
  /** Who the audit log names for a retention prune. */
  actor?: string;
}

/** The summary of `sync --json` (docs/cli.md, "`recordings sync`"), with a few more fields. */
export interface SyncSummary {
  /** `error`: the run stopped on an error after committing what it could (see `error`). */
  status: 'ok' | 'interrupted' | 'error';
  /** What stopped an `error` run, in one line. */
  error?: string;
  /** How to fix what stopped an `error` run, in one line. */
  hint?: string;
  runId: number;
  window: { from: string; to: string };
  /** True when this run's window was the daily wide re-read that catches calls longer than the lookback. */
  longCallReread: boolean;
  checkpoint: string | null;
  recordings: { seen: number; new: number; updated: number; invalid: number };
  /** This run's outcomes, and `backlog`: transcripts still due once it ended (the per-run cap, an interruption). */
  transcripts: TranscriptCounts & { backlog: number };
  /**
   * This run's downloads (docs/cli.md, "recordings sync"): archived, become `missing`, refused (403,
   * tried again later), not available yet (404 soon after the call) and failed otherwise (resumed later).
   */
  audio: AudioSummary;
  /** Recordings deleted by the retention policy after this run (config retention.days). */
  retention: { deleted: number };
  apiRequests: number;
  durationMs: number;
}

export interface AudioSummary {
  downloaded: number;
  missing: number;
  refused: number;
  notYetAvailable: number;
  failed: number;
}

const CHECKPOINT = 'checkpoint';
/** When the last wide re-read for long calls ran (long-call-reread.ts). */
const REREAD = 'long_call_reread';

/** The run record is brought up to date every this many transcripts, so a killed run's counts are near. */
const SAVE_EVERY_TRANSCRIPTS = 25;

/**
 * One sync (docs/design.md, "Sync"): lock, window, call log page by page, checkpoint, transcripts,
 * audio, run record. Safe to kill at any point: every page is one transaction, the checkpoint moves
 * only after the whole window has committed, and upserts make a repeated window harmless.
 */
export async function runSync(deps: SyncDependencies, options: SyncOptions): Promise<SyncSummary> {
  const { store, now } = deps;
  const onEvent = deps.onEvent ?? (() => {});
  const started = now();
  const lock = await acquireSyncLock(store, started);
  try {
    if (lock.replaced) onEvent({ type: 'lock-taken-over', pid: lock.replaced.pid, host: lock.replaced.host });
    return await syncHoldingLock(deps, options, lock, started, onEvent);
  } finally {
    // A lock that cannot be released (the database went away) is taken over by the next sync: on
    // SQLite its holder's pid is gone, on PostgreSQL the advisory lock ended with the connection.
    await lock.release().catch(() => {});
  }
}

async function syncHoldingLock(
  deps: SyncDependencies,
  options: SyncOptions,
  lock: Awaited<ReturnType<typeof acquireSyncLock>>,
  started: Date,
  onEvent: NonNullable<SyncDependencies['onEvent']>,
): Promise<SyncSummary> {
  const { store, api, settings, now } = deps;
  const requestsBefore = api.requestCount();
  // We hold the lock, so any run still marked running was killed.
  await store.markAbandonedRuns(() => true, started.toISOString());
  const runId = await store.startRun({ startedAt: started.toISOString(), pid: process.pid });
  const summary: SyncSummary = {
    status: 'ok',
    runId,
    window: { from: '', to: '' },
    longCallReread: false,
    checkpoint: await store.readState(CHECKPOINT),
    recordings: { seen: 0, new: 0, updated: 0, invalid: 0 },
    transcripts: { fetched: 0, pending: 0, unavailable: 0, failed: 0, notLicensed: 0, backlog: 0 },
    audio: { downloaded: 0, missing: 0, refused: 0, notYetAvailable: 0, failed: 0 },
    retention: { deleted: 0 },
    apiRequests: 0,
    durationMs: 0,
  };
  const saveProgress = (extra: { status?: string; finishedAt?: string; error?: string | null } = {}) =>
    store.updateRun(runId, {
      recordingsSeen: summary.recordings.seen,
      recordingsNew: summary.recordings.new,
      recordingsUpdated: summary.recordings.updated,
      recordsInvalid: summary.recordings.invalid,
      transcriptsFetched: summary.transcripts.fetched,
      transcriptsPending: summary.transcripts.pending,
      transcriptsUnavailable: summary.transcripts.unavailable,
      transcriptsFailed: summary.transcripts.failed,
      audioDownloaded: summary.audio.downloaded,
      apiRequests: api.requestCount() - requestsBefore,
      ...extra,
    });
  /** Closes the run: its counts, how long it took, what is still due. */
  const finish = async (status: SyncSummary['status'], error: string | null): Promise<SyncSummary> => {
    summary.status = status;
    summary.transcripts.backlog = await store.countDueTranscripts(now().toISOString());
    summary.apiRequests = api.requestCount() - requestsBefore;
    summary.durationMs = now().getTime() - started.getTime();
    await saveProgress({ status: status === 'error' ? 'failed' : status, finishedAt: now().toISOString(), error: error?.slice(0, 1000) ?? null });
    return summary;
  };

  try {
    if (options.retry) {
      await store.makeAllTranscriptsDue(started.toISOString());
      await store.makeAllAudioDue(started.toISOString());
    }

    const previous = summary.checkpoint ? Date.parse(summary.checkpoint) : null;
    const reread = parseRereadState(await store.readState(REREAD));
    const invalidBefore = await store.readState(INVALID_RECORDS_STATE);
    const wideFrom = rereadFrom(reread, started.getTime(), settings.longestCallMs);
    const window = computeWindow({
      now: started.getTime(),
      checkpoint: previous,
      since: options.since,
      until: options.until,
      full: options.full,
      defaultSinceMs: settings.sinceMs,
      lookbackMs: settings.lookbackMs,
      settleMs: settings.settleMs,
      retryFrom: pendingInvalidStart(invalidBefore),
      rereadFrom: wideFrom,
    });
    summary.longCallReread = wideFrom !== null && window.from <= wideFrom;
    summary.window = { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() };
    await store.updateRun(runId, { windowFrom: summary.window.from, windowTo: summary.window.to });
    onEvent({ type: 'window', ...summary.window, longCallReread: summary.longCallReread });

    if (window.from < window.to) {
      const callLog = await syncCallLog({
        store,
        api,
        window,
        mapping: { defaultRegion: deps.defaultRegion, minRecordingSeconds: settings.minRecordingSeconds },
        now,
        signal: deps.signal,
        onEvent: (event) => {
          if (event.type === 'page') {
            summary.recordings.seen = event.seen;
            summary.recordings.new = event.new;
            summary.recordings.updated = event.updated;
          }
          if (event.type === 'invalid-record') summary.recordings.invalid += 1;
          onEvent(event);
        },
        onPageCommitted: async () => {
          await lock.heartbeat(now());
          await saveProgress();
        },
      });
      if (!callLog.complete) {
        summary.status = 'interrupted';
      } else {
        const stamp = now().toISOString();
        // The checkpoint moves together with what the window taught, in one transaction.
        const invalid = invalidOutcome(invalidBefore, { invalid: callLog.invalid, validIds: callLog.validIds, windowFrom: window.from, windowTo: window.to });
        const checkpoint = new Date(advanceCheckpoint(previous, window.to)).toISOString();
        const states: Record<string, string> = { [INVALID_RECORDS_STATE]: invalid.value, [CHECKPOINT]: checkpoint };
        const next = afterCompleteWindow(reread, window, started.getTime(), settings);
        if (next !== null && next !== reread) states[REREAD] = formatRereadState(next);
        await store.writeStates(states, stamp);
        summary.checkpoint = checkpoint;
      }
    }

    const rules = { topics: compileRules(deps.topics), intents: compileRules(deps.intents) };
    if (summary.status === 'ok' && options.transcripts && settings.transcripts) {
      const transcripts = await syncTranscripts({
        store,
        api,
        rules,
        limit: settings.maxTranscriptsPerRun,
        concurrency: deps.concurrency ?? 4,
        giveUpAfterMs: settings.transcriptGiveUpAfterMs,
        now,
        signal: deps.signal,
        onEvent: (event) => {
          // Counted as they settle, so a run that stops half-way (an error, an interruption) still
          // reports and records what it stored.
          if (event.type === 'transcript') {
            Object.assign(summary.transcripts, event.counts);
            // Not awaited: an event listener is synchronous. On PostgreSQL the session runs these
            // after the call in progress; a failure shows in the next call anyway.
            if (event.done % SAVE_EVERY_TRANSCRIPTS === 0) {
              lock.heartbeat(now()).catch(() => {});
              saveProgress().catch(() => {});
            }
          }
          onEvent(event);
        },
      });
      Object.assign(summary.transcripts, {
        fetched: transcripts.fetched,
        pending: transcripts.pending,
        unavailable: transcripts.unavailable,
        failed: transcripts.failed,
        notLicensed: transcripts.notLicensed,
      });
      if (deps.signal?.aborted) summary.status = 'interrupted';
      else if (transcripts.routeMissing) {
        // RingSense's route is gone: the rest of the run (audio) still commits, then the run fails loudly.
        summary.status = 'error';
        summary.error = transcripts.routeMissing.problem;
        summary.hint = transcripts.routeMissing.fix;
      }
    }

    if (summary.status !== 'interrupted' && (options.audio || settings.audio)) {
      const audio = await archiveDueAudio({
        store,
        client: api.content,
        audioDir: settings.audioDir,
        limit: settings.maxAudioPerRun,
        concurrency: Math.min(deps.concurrency ?? 4, 2),
        recordingRetentionDays: deps.recordingRetentionDays ?? 90,
        now,
        signal: deps.signal,
        onEvent,
      });
      summary.audio = {
        downloaded: audio.downloaded,
        missing: audio.missing,
        refused: audio.refused,
        notYetAvailable: audio.notYetAvailable,
        failed: audio.failed,
      };
      if (deps.signal?.aborted) {
        summary.status = 'interrupted';
        delete summary.error;
        delete summary.hint;
      }
    }

    if (summary.status === 'ok' && deps.retentionDays) {
      const at = now();
      const days = deps.retentionDays;
      const result = await pruneArchive(store, { cutoff: new Date(at.getTime() - days * 86_400_000).toISOString() });
      if (result.deleted > 0) {
        await auditPrune(store, result, deps.actor ?? 'recordings sync', at.toISOString(), { trigger: 'retention.days', days, runId });
        onEvent({ type: 'retention', deleted: result.deleted });
      }
      summary.retention.deleted = result.deleted;
    }

    if (summary.status === 'interrupted' && deps.signal) return finish('interrupted', describeInterruption(deps.signal));
    return finish(summary.status, summary.error ?? null);
  } catch (error) {
    // A request cancelled by the interruption rejects with the abort's reason: not a failure.
    if (deps.signal?.aborted) return finish('interrupted', describeInterruption(deps.signal));
    // Best effort: when the database itself is what failed (PostgreSQL gone), its error is the one to report.
    await saveProgress({ status: 'failed', finishedAt: now().toISOString(), error: (error as Error).message.slice(0, 1000) }).catch(() => {});
    throw error;
  }
}
