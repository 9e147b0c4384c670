import { describe, expect, it } from 'vitest';
import { REREAD_EVERY_MS, afterCompleteWindow, formatRereadState, parseRereadState, rereadFrom } from './long-call-reread.js';

const H = 3_600_000;
const T0 = Date.parse('2026-11-20T12:00:00Z');
const settings = { longestCallMs: 24 * H, settleMs: 60_000 };

describe('the daily wide re-read for long calls', () => {
  it('is due a day after the last one, reaching back the longest call before that one began', () => {
    const state = { at: T0, floor: T0 - 24 * H };
    expect(rereadFrom(state, T0 + 23 * H, 24 * H)).toBeNull();
    // Not merely the last 24 h of start times: a call that ended just after T0 may have started a day before it.
    expect(rereadFrom(state, T0 + REREAD_EVERY_MS, 24 * H)).toBe(T0 - 24 * H);
    expect(rereadFrom({ at: T0, floor: T0 - 48 * H }, T0 + 25 * H, 24 * H)).toBe(T0 - 24 * H - 10 * 60_000);
  });

  it('never reaches before the first window the archive read, and is off without a longest call', () => {
    expect(rereadFrom({ at: T0, floor: T0 - H }, T0 + 30 * H, 24 * H)).toBe(T0 - H);
    expect(rereadFrom({ at: T0, floor: T0 - 48 * H }, T0 + 30 * H, 0)).toBeNull();
    expect(rereadFrom(null, T0, 24 * H)).toBeNull();
  });

  it('counts a complete window as the re-read only when it reached back far enough and up to its start', () => {
    const state = { at: T0, floor: T0 - 48 * H };
    const started = T0 + 24 * H;
    const wide = { from: T0 - 24 * H - 10 * 60_000, to: started - 60_000 };
    expect(afterCompleteWindow(state, wide, started, settings)).toEqual({ at: started, floor: T0 - 48 * H });
    // An ordinary window leaves the state as it was: the re-read stays due.
    expect(afterCompleteWindow(state, { from: started - 3 * H, to: started - 60_000 }, started, settings)).toBe(state);
    // A backfill that ends in the past (--until) proves nothing about calls that ended since.
    expect(afterCompleteWindow(state, { from: T0 - 72 * H, to: T0 }, started, settings)).toBe(state);
  });

  it('starts the cycle with the first complete window, and survives a damaged stored value', () => {
    const first = afterCompleteWindow(null, { from: T0 - 24 * H, to: T0 - 60_000 }, T0, settings);
    expect(first).toEqual({ at: T0, floor: T0 - 24 * H });
    expect(parseRereadState(formatRereadState(first!))).toEqual(first);
    expect(parseRereadState('{"at": 5}')).toBeNull();
    expect(parseRereadState('not json')).toBeNull();
  });
});
