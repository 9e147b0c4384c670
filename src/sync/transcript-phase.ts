import type { Database } from 'better-sqlite3';
import { dueTranscripts } from '../db/sync-queries.js';
import { setTranscriptState, writeTranscript } from '../db/write-recordings.js';
import { ApiError, AuthError, InvalidResponseError, TryAgainLaterError } from '../ringcentral/errors.js';
import { runPool } from '../util/pool.js';
import type { SyncApi } from './api.js';
import type { SyncEventListener } from './events.js';
import { type InsightRules, mapInsights } from './map-insights.js';
import { afterInvalidResponse, afterNotFound, afterTransientFailure } from './transcript-backoff.js';

export interface TranscriptPhaseResult {
  due: number;
  fetched: number;
  pending: number;
  unavailable: number;
  failed: number;
  notLicensed: number;
}

/**
 * Fetches the transcripts and insights that are due (docs/design.md, "Sync", step 5): oldest call first,
 * at most `limit` per run, a few requests in flight (the governor paces them in the Light group).
 * 200 → ready; 404 → back off, or `unavailable` once the call is older than the give-up age;
 * 403 → `not_licensed`, and nothing more is asked this run: what was due is marked too.
 */
export async function syncTranscripts(input: {
  db: Database;
  api: SyncApi;
  rules: InsightRules;
  limit: number;
  concurrency: number;
  giveUpAfterMs: number;
  now: () => Date;
  signal?: AbortSignal | undefined;
  onEvent: SyncEventListener;
}): Promise<TranscriptPhaseResult> {
  const { db, now } = input;
  const due = dueTranscripts(db, now().toISOString(), input.limit);
  const result: TranscriptPhaseResult = { due: due.length, fetched: 0, pending: 0, unavailable: 0, failed: 0, notLicensed: 0 };
  if (due.length === 0) return result;
  input.onEvent({ type: 'transcripts-start', due: due.length });
  let notLicensed: string | null = null;
  let done = 0;

  await runPool(
    due,
    input.concurrency,
    async (item) => {
      const at = now();
      let outcome;
      try {
        outcome = await input.api.insights(item.id, input.signal);
      } catch (error) {
        if (error instanceof TryAgainLaterError || (error instanceof ApiError && !(error instanceof AuthError))) {
          // The run still ends with this error, but the recording goes to the back of the line.
          const nextAttemptAt = new Date(afterTransientFailure(item.attempts + 1, at.getTime())).toISOString();
          setTranscriptState(db, item.id, { status: 'pending', nextAttemptAt, error: error.message.slice(0, 500), attempted: true }, at.toISOString());
          throw error;
        }
        if (!(error instanceof InvalidResponseError)) throw error;
        const decision = afterInvalidResponse(item.attempts + 1, at.getTime());
        setTranscriptState(
          db,
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
        return;
      } finally {
        done += 1;
      }
      if (outcome.kind === 'ready') {
        writeTranscript(db, item.id, mapInsights(outcome.body, input.rules), at.toISOString());
        result.fetched += 1;
      } else if (outcome.kind === 'not_found') {
        const decision = afterNotFound({
          attempts: item.attempts + 1,
          callStart: Date.parse(item.startTime),
          now: at.getTime(),
          giveUpAfterMs: input.giveUpAfterMs,
        });
        setTranscriptState(
          db,
          item.id,
          decision.status === 'pending'
            ? { status: 'pending', nextAttemptAt: new Date(decision.nextAttemptAt).toISOString(), error: 'RingSense has no insights yet (404)', attempted: true }
            : { status: 'unavailable', nextAttemptAt: null, error: 'RingSense had no insights before the give-up age', attempted: true },
          at.toISOString(),
        );
        if (decision.status === 'pending') result.pending += 1;
        else result.unavailable += 1;
      } else {
        notLicensed ??= outcome.reason;
        setTranscriptState(db, item.id, { status: 'not_licensed', nextAttemptAt: null, error: outcome.reason, attempted: true }, at.toISOString());
        result.notLicensed += 1;
      }
      input.onEvent({ type: 'transcript', done, due: due.length, fetched: result.fetched });
    },
    () => notLicensed !== null || input.signal?.aborted === true,
  );

  if (notLicensed !== null) {
    input.onEvent({ type: 'transcripts-not-licensed', reason: notLicensed });
    // Stop asking for the rest of the run: everything still due is marked as well, until
    // `sync --retry` (or `doctor`) says otherwise.
    const stamp = now().toISOString();
    for (const item of dueTranscripts(db, stamp, input.limit)) {
      setTranscriptState(db, item.id, { status: 'not_licensed', nextAttemptAt: null, error: notLicensed, attempted: false }, stamp);
      result.notLicensed += 1;
    }
  }
  return result;
}
