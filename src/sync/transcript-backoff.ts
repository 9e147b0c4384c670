/**
 * When to ask RingSense again after a 404 (docs/design.md, "Sync", step 5). Insights usually appear
 * within about 30 minutes of a call (docs/ringcentral.md, "RingSense insights"), so the first retries are close
 * together.
 */
const BACKOFF_MS = [5, 15, 60, 240, 720].map((minutes) => minutes * 60_000);

export type NotFoundDecision = { status: 'pending'; nextAttemptAt: number } | { status: 'unavailable' };

/**
 * After `attempts` requests that found nothing: retry later, or give up once the call is older
 * than the give-up age (a back-filled old call therefore gets exactly one attempt).
 */
export function afterNotFound(input: { attempts: number; callStart: number; now: number; giveUpAfterMs: number }): NotFoundDecision {
  if (input.now - input.callStart >= input.giveUpAfterMs) return { status: 'unavailable' };
  const delay = BACKOFF_MS[Math.min(input.attempts - 1, BACKOFF_MS.length - 1)]!;
  return { status: 'pending', nextAttemptAt: input.now + delay };
}

/** A body that fails validation may be a passing fault: a few tries, then `failed`. */
export const MAX_INVALID_ATTEMPTS = 3;

export function afterInvalidResponse(attempts: number, now: number): { status: 'pending'; nextAttemptAt: number } | { status: 'failed' } {
  if (attempts >= MAX_INVALID_ATTEMPTS) return { status: 'failed' };
  return { status: 'pending', nextAttemptAt: now + BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)]! };
}

/**
 * After RingCentral kept failing on a recording past the retry budget (5xx, timeouts): ask again
 * later, never give up for that alone (the outage may be RingCentral's, not the recording's), so
 * that one recording cannot stay first in line and starve the others.
 */
export function afterTransientFailure(attempts: number, now: number): number {
  return now + BACKOFF_MS[Math.min(Math.max(attempts, 1) - 1, BACKOFF_MS.length - 1)]!;
}
