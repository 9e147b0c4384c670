import { ownerLabel } from '../db/owner-queries.js';
import type { ArchiveStore } from '../db/store.js';
import type { DueTranscript } from '../db/row-types.js';
import { ApiError, AuthError, InvalidResponseError, TryAgainLaterError } from '../ringcentral/errors.js';
import { type Advice, ROUTE_MISSING_ADVICE, ownerWithoutInsightsAdvice, refusalAdvice } from '../ringcentral/ringsense-answers.js';
import { unlessInterrupted } from '../util/interrupted.js';
import { runPool } from '../util/pool.js';
import type { InsightsResult, SyncApi } from './api.js';
import type { SyncEventListener } from './events.js';
import { type InsightRules, mapInsights } from './map-insights.js';
import { SPARSE_AFTER_UNAVAILABLE, sparseAskAt } from './owner-policy.js';
import { afterInvalidResponse, afterNotFound, afterTransientFailure } from './transcript-backoff.js';

/** This run's outcomes: transcripts stored, left pending (404 for now), given up, refused. */
export interface TranscriptCounts {
  fetched: number;
  pending: number;
  unavailable: number;
  failed: number;
  notLicensed: number;
}

export interface TranscriptPhaseResult extends TranscriptCounts {
  due: number;
  /** Set when RingSense's route was gone (404 AGW-404): the run must end as an error. */
  routeMissing: Advice | null;
}

interface PhaseInput {
  store: ArchiveStore;
  api: SyncApi;
  rules: InsightRules;
  limit: number;
  concurrency: number;
  giveUpAfterMs: number;
  now: () => Date;
  signal?: AbortSignal | undefined;
  onEvent: SyncEventListener;
}

/**
 * Fetches the transcripts and insights that are due (docs/design.md, "Sync", step 5): oldest call
 * first, at most `limit` per run, a few requests in flight (the governor paces them in the Light
 * group). 200 with a transcript → ready; 200 without one (AI Notes before the full analysis) → its
 * insights are kept and it is asked again; 404 → back off, or `unavailable` once the call is older
 * than the give-up age, or at once for an owner that never gets insights; 403 → `not_licensed`, and
 * nothing more is asked this run; 404 AGW-404 → nothing more is asked and the run ends as an error,
 * transcripts left as they were. An abort of `signal` ends the phase without an error: the requests
 * in flight are cancelled, their recordings stay due as they were, and the result counts what was
 * stored before.
 */
export async function syncTranscripts(input: PhaseInput): Promise<TranscriptPhaseResult> {
  const { store, now } = input;
  const due = await store.dueTranscripts(now().toISOString(), input.limit);
  const result: TranscriptPhaseResult = { due: due.length, fetched: 0, pending: 0, unavailable: 0, failed: 0, notLicensed: 0, routeMissing: null };
  if (due.length === 0) return result;
  input.onEvent({ type: 'transcripts-start', due: due.length });
  let refusal: Advice | null = null;
  let done = 0;
  const settled = () => {
    done += 1;
    input.onEvent({ type: 'transcript', done, due: due.length, counts: countsOf(result) });
  };

  await runPool(
    due,
    input.concurrency,
    async (item) => {
      const askAt = await deferredUntil(store, item, now().getTime());
      if (askAt !== null) {
        // An owner without insights: its new recording is asked about once, when RingSense would have answered.
        const owner = (await store.recordingOwner(item.ownerExtensionId!))!;
        const error = `asked once, 30 min after the call: ${ownerWithoutInsightsAdvice(ownerLabel(owner), owner.unavailableStreak).problem}`;
        await store.setTranscriptState(item.id, { status: 'pending', nextAttemptAt: new Date(askAt).toISOString(), error, attempted: false }, now().toISOString());
        result.pending += 1;
        settled();
        return;
      }
      const at = now();
      let outcome: InsightsResult;
      try {
        outcome = await input.api.insights(item.id, input.signal);
      } catch (error) {
        // Cancelled by the interruption, not failed: the recording is left due as it was.
        if (input.signal?.aborted) throw error;
        if (error instanceof TryAgainLaterError || (error instanceof ApiError && !(error instanceof AuthError))) {
          // The run still ends with this error, but the recording goes to the back of the line.
          const nextAttemptAt = new Date(afterTransientFailure(item.attempts + 1, at.getTime())).toISOString();
          await store.setTranscriptState(item.id, { status: 'pending', nextAttemptAt, error: error.message.slice(0, 500), attempted: true }, at.toISOString());
          throw error;
        }
        if (!(error instanceof InvalidResponseError)) throw error;
        const decision = afterInvalidResponse(item.attempts + 1, at.getTime());
        await store.setTranscriptState(
          item.id,
          {
            status: decision.status,
            nextAttemptAt: decision.status === 'pending' ? new Date(decision.nextAttemptAt).toISOString() : null,
            error: `invalid RingSense response: ${error.message}`.slice(0, 500),
            attempted: true,
          },
          at.toISOString(),
        );
        if (decision.status === 'failed') result.failed += 1;
        else result.pending += 1;
        settled();
        return;
      }
      const stamp = at.toISOString();
      if (outcome.kind === 'ready') {
        await noteInsights(input, item);
        await storeInsights(input, item, outcome.body, at, result);
      } else if (outcome.kind === 'not_found') {
        await noteNotFound(input, item, at, result);
      } else if (outcome.kind === 'forbidden') {
        refusal ??= refusalAdvice(outcome.cause, outcome.reason);
        await store.setTranscriptState(item.id, { status: 'not_licensed', nextAttemptAt: null, error: refusal.problem, attempted: true }, stamp);
        result.notLicensed += 1;
      } else {
        // Not "no insights yet": the transcript stays exactly as it was for the run after the fix.
        result.routeMissing ??= ROUTE_MISSING_ADVICE;
      }
      settled();
    },
    () => refusal !== null || result.routeMissing !== null || input.signal?.aborted === true,
  ).catch(unlessInterrupted(input.signal));

  if (result.routeMissing !== null) {
    input.onEvent({ type: 'ringsense-route-missing', ...result.routeMissing });
  } else if (refusal !== null) {
    const { problem, fix } = refusal as Advice;
    input.onEvent({ type: 'transcripts-not-licensed', problem, fix });
    // Stop asking for the rest of the run: everything still due is marked as well, until
    // `sync --retry` (or `doctor`) says otherwise.
    const stamp = now().toISOString();
    for (const item of await store.dueTranscripts(stamp, input.limit)) {
      await store.setTranscriptState(item.id, { status: 'not_licensed', nextAttemptAt: null, error: problem, attempted: false }, stamp);
      result.notLicensed += 1;
    }
  }
  return result;
}

/** For a recording not asked about yet whose owner never gets insights: when to ask (null: now). */
async function deferredUntil(store: ArchiveStore, item: DueTranscript, nowMs: number): Promise<number | null> {
  if (item.attempts > 0 || item.ownerExtensionId === null) return null;
  if ((await store.recordingOwner(item.ownerExtensionId))?.sparseSince == null) return null;
  const askAt = sparseAskAt(item);
  return nowMs < askAt ? askAt : null;
}

/** Any 200, even AI Notes alone, proves the owner is licensed: its recordings get the normal series again. */
async function noteInsights(input: PhaseInput, item: DueTranscript): Promise<void> {
  if (item.ownerExtensionId === null) return;
  const before = await input.store.noteOwnerInsights(item.ownerExtensionId, input.now().toISOString());
  if (before?.sparseSince != null) input.onEvent({ type: 'owner-insights-restored', owner: ownerLabel(before) });
}

/**
 * A 200 with a transcript is final. Without one it is the AI Notes RingSense sends before its full
 * analysis (docs/design.md, "RingCentral as it really behaves"): what it has is stored and the
 * transcript stays `pending` with the usual back-off, until the full answer replaces it or the
 * give-up age makes it `unavailable`, keeping what came. An empty `Transcript` counts as none.
 */
async function storeInsights(input: PhaseInput, item: DueTranscript, body: Parameters<typeof mapInsights>[0], at: Date, result: TranscriptPhaseResult): Promise<void> {
  const row = mapInsights(body, input.rules);
  const stamp = at.toISOString();
  if (row.segments.length > 0) {
    await input.store.writeTranscript(item.id, row, stamp);
    result.fetched += 1;
    return;
  }
  const decision = afterNotFound({ attempts: item.attempts + 1, callStart: Date.parse(item.startTime), now: at.getTime(), giveUpAfterMs: input.giveUpAfterMs });
  const change =
    decision.status === 'pending'
      ? { status: 'pending' as const, nextAttemptAt: new Date(decision.nextAttemptAt).toISOString(), error: 'RingSense sent AI Notes without a transcript yet (first stage)', attempted: true }
      : { status: 'unavailable' as const, nextAttemptAt: null, error: 'RingSense sent AI Notes but no transcript before the give-up age', attempted: true };
  await input.store.writeFirstStageInsights(item.id, row, change, stamp);
  if (decision.status === 'pending') result.pending += 1;
  else result.unavailable += 1;
}

/**
 * 404: not processed yet, never, or an owner without a licence (RingCentral answers all three
 * alike). An owner none of whose recordings ever got insights is counted; once it has
 * SPARSE_AFTER_UNAVAILABLE in a row, each of its recordings is asked about once.
 */
async function noteNotFound(input: PhaseInput, item: DueTranscript, at: Date, result: TranscriptPhaseResult): Promise<void> {
  const { store } = input;
  const stamp = at.toISOString();
  const owner = item.ownerExtensionId === null ? null : await store.recordingOwner(item.ownerExtensionId);
  const sparse = owner?.sparseSince != null;
  const decision = sparse
    ? ({ status: 'unavailable' } as const)
    : afterNotFound({ attempts: item.attempts + 1, callStart: Date.parse(item.startTime), now: at.getTime(), giveUpAfterMs: input.giveUpAfterMs });
  if (decision.status === 'pending') {
    await store.setTranscriptState(item.id, { status: 'pending', nextAttemptAt: new Date(decision.nextAttemptAt).toISOString(), error: 'RingSense has no insights yet (404)', attempted: true }, stamp);
    result.pending += 1;
    return;
  }
  result.unavailable += 1;
  let error = 'RingSense had no insights before the give-up age';
  if (item.ownerExtensionId !== null && owner?.insightsSeenAt == null) {
    const after = await store.noteOwnerUnavailable(item.ownerExtensionId, SPARSE_AFTER_UNAVAILABLE, stamp);
    if (after.sparseSince !== null) {
      const advice = ownerWithoutInsightsAdvice(ownerLabel(after), after.unavailableStreak);
      error = `RingSense has no insights (404); ${advice.problem}`;
      if (!sparse) input.onEvent({ type: 'owner-without-insights', ...advice });
    }
  }
  await store.setTranscriptState(item.id, { status: 'unavailable', nextAttemptAt: null, error, attempted: true }, stamp);
}

function countsOf(result: TranscriptPhaseResult): TranscriptCounts {
  return { fetched: result.fetched, pending: result.pending, unavailable: result.unavailable, failed: result.failed, notLicensed: result.notLicensed };
}
