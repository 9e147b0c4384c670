export interface WindowInput {
  now: number;
  /** End of the last fully committed window, if any (ms). */
  checkpoint: number | null;
  /** --since, resolved to ms; a backfill on any run. */
  since: number | null;
  /** --until, resolved to ms. */
  until: number | null;
  full: boolean;
  defaultSinceMs: number;
  lookbackMs: number;
  settleMs: number;
  /** Start times of records that failed validation earlier and must be read again. */
  retryFrom: number | null;
  /** Where the daily wide re-read for long calls must start, when one is due (long-call-reread.ts). */
  rereadFrom: number | null;
}

export interface SyncWindow {
  from: number;
  to: number;
}

/**
 * The window of start times to read (docs/design.md, "Sync", step 2). A first run, `--full` or `--since`
 * starts at `--since` (default: 24 h back); later runs at checkpoint − lookback, which catches
 * recordings and fields that arrive after the call. The end is now − settle (a finished call takes
 * 15–30 s to reach the call log, docs/ringcentral.md, "Call log"), or `--until` when that is earlier.
 */
export function computeWindow(input: WindowInput): SyncWindow {
  // Never past now − settle, even with a later --until: calls after it may not be listed yet, and
  // the checkpoint (the window's end) would pass them, so no later sync would read them.
  const settled = input.now - input.settleMs;
  const to = Math.min(input.until ?? settled, settled);
  let from: number;
  if (input.since !== null) from = input.since;
  else if (input.full || input.checkpoint === null) from = input.now - input.defaultSinceMs;
  else from = input.checkpoint - input.lookbackMs;
  if (input.retryFrom !== null && input.retryFrom < from) from = input.retryFrom;
  if (input.rereadFrom !== null && input.rereadFrom < from) from = input.rereadFrom;
  return { from, to };
}

/** The checkpoint never moves backwards: a backfill that ends in the past leaves it where it was. */
export function advanceCheckpoint(previous: number | null, windowEnd: number): number {
  return previous === null ? windowEnd : Math.max(previous, windowEnd);
}
