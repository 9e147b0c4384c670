import { describe, expect, it } from 'vitest';
import { advanceCheckpoint, computeWindow, type WindowInput } from './window.js';

const H = 3_600_000;
const NOW = Date.parse('2026-11-26T12:00:00Z');
const base: WindowInput = {
  now: NOW,
  checkpoint: null,
  since: null,
  until: null,
  full: false,
  defaultSinceMs: 24 * H,
  lookbackMs: 2 * H,
  settleMs: 60_000,
  retryFrom: null,
  rereadFrom: null,
};

describe('computeWindow', () => {
  it('starts a first run 24 h back and ends it one settle period before now', () => {
    expect(computeWindow(base)).toEqual({ from: NOW - 24 * H, to: NOW - 60_000 });
  });
  it('starts a later run at checkpoint minus lookback', () => {
    expect(computeWindow({ ...base, checkpoint: NOW - H })).toEqual({ from: NOW - 3 * H, to: NOW - 60_000 });
  });
  it('lets --since backfill on any run and --until end the window', () => {
    expect(computeWindow({ ...base, checkpoint: NOW - H, since: NOW - 72 * H, until: NOW - 48 * H })).toEqual({ from: NOW - 72 * H, to: NOW - 48 * H });
  });
  it('ends at now − settle even when --until lies in the future', () => {
    expect(computeWindow({ ...base, until: NOW + 24 * H }).to).toBe(NOW - 60_000);
  });
  it('ignores the checkpoint with --full', () => {
    expect(computeWindow({ ...base, checkpoint: NOW - H, full: true }).from).toBe(NOW - 24 * H);
  });
  it('reaches back to re-read records that failed validation', () => {
    expect(computeWindow({ ...base, checkpoint: NOW - H, retryFrom: NOW - 10 * H }).from).toBe(NOW - 10 * H);
    expect(computeWindow({ ...base, checkpoint: NOW - H, retryFrom: NOW - H }).from).toBe(NOW - 3 * H);
    expect(computeWindow({ ...base, checkpoint: NOW - H, rereadFrom: NOW - 49 * H }).from).toBe(NOW - 49 * H);
    expect(computeWindow({ ...base, checkpoint: NOW - H, rereadFrom: NOW - 2 * H }).from).toBe(NOW - 3 * H);
  });
  it('yields an empty window when the clock jumped back behind the checkpoint', () => {
    const window = computeWindow({ ...base, checkpoint: NOW + 5 * H });
    expect(window.from).toBeGreaterThan(window.to);
  });
});

describe('advanceCheckpoint', () => {
  it('moves forward only', () => {
    expect(advanceCheckpoint(null, 5)).toBe(5);
    expect(advanceCheckpoint(10, 5)).toBe(10);
    expect(advanceCheckpoint(10, 15)).toBe(15);
  });
});
