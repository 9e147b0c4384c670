/**
 * The daily wide re-read that catches long calls (docs/design.md, "RingCentral as it really behaves").
 *
 * RingCentral lists a call only after it ends, filed under its start time. A sync window over start
 * times reaches back only `lookback` (2 h) before the checkpoint, so a call longer than that is never
 * in any window. Once a day, one run reads a wider window instead: back to `longestCall` before the
 * previous re-read began. That edge matters: a call that ended just after the previous re-read
 * started may have started up to `longestCall` before it, so re-reading only the last `longestCall`
 * of start times would miss it.
 *
 * Cost: one window of about `longestCall` + a day of start times a day (some 48 one-thousand-record
 * pages for a busy account), instead of a `longestCall` lookback on every run.
 */

/** How often the wide re-read runs: at most once a day. */
export const REREAD_EVERY_MS = 24 * 3_600_000;

/** Slack for a call whose listing lags its end (RingCentral takes 15–30 s) and for clock jitter. */
const MARGIN_MS = 10 * 60_000;

export interface RereadState {
  /** When the last run whose window covered a wide re-read started (ms). */
  at: number;
  /** Start of the first window ever read: a re-read never reaches before what the user asked for. */
  floor: number;
}

/** Where this run's window must start to catch every call that ended since the last re-read, or null when none is due. */
export function rereadFrom(state: RereadState | null, now: number, longestCallMs: number): number | null {
  if (state === null || longestCallMs <= 0) return null;
  if (now - state.at < REREAD_EVERY_MS) return null;
  return Math.max(state.floor, requiredFrom(state, longestCallMs));
}

/**
 * The state after a run whose whole window [from, to] committed, started at `started`: the run counts
 * as a re-read when its window reached back far enough and forward to (nearly) its own start, so every
 * call that had ended by then and started after the required point was listed in it.
 */
export function afterCompleteWindow(
  state: RereadState | null,
  window: { from: number; to: number },
  started: number,
  settings: { longestCallMs: number; settleMs: number },
): RereadState | null {
  if (settings.longestCallMs <= 0) return state;
  const reachesNow = window.to >= started - settings.settleMs - MARGIN_MS;
  if (!reachesNow) return state;
  if (state === null) return { at: started, floor: window.from };
  const required = Math.max(state.floor, requiredFrom(state, settings.longestCallMs));
  if (window.from > required) return state;
  return { at: started, floor: Math.min(state.floor, window.from) };
}

function requiredFrom(state: RereadState, longestCallMs: number): number {
  return state.at - longestCallMs - MARGIN_MS;
}

export function parseRereadState(value: string | null): RereadState | null {
  if (value === null) return null;
  try {
    const parsed = JSON.parse(value) as { at?: unknown; floor?: unknown };
    const at = typeof parsed.at === 'string' ? Date.parse(parsed.at) : NaN;
    const floor = typeof parsed.floor === 'string' ? Date.parse(parsed.floor) : NaN;
    // A damaged value is treated as "never re-read": the next complete window starts the cycle again.
    return Number.isFinite(at) && Number.isFinite(floor) ? { at, floor } : null;
  } catch {
    return null;
  }
}

export function formatRereadState(state: RereadState): string {
  return JSON.stringify({ at: new Date(state.at).toISOString(), floor: new Date(state.floor).toISOString() });
}
