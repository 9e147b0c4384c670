import { describe, expect, it } from 'vitest';
import { afterInvalidResponse, afterNotFound, afterTransientFailure, MAX_INVALID_ATTEMPTS } from './transcript-backoff.js';

const M = 60_000;
const NOW = Date.parse('2026-11-26T12:00:00Z');
const GIVE_UP = 48 * 60 * M;

describe('afterNotFound', () => {
  it('backs off 5 min, 15 min, 1 h, 4 h, then 12 h for a recent call', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempts) => {
      const decision = afterNotFound({ attempts, callStart: NOW - 10 * M, now: NOW, giveUpAfterMs: GIVE_UP });
      return decision.status === 'pending' ? (decision.nextAttemptAt - NOW) / M : decision.status;
    });
    expect(delays).toEqual([5, 15, 60, 240, 720, 720]);
  });
  it('gives up once the call is older than the give-up age, so an old back-filled call gets one attempt', () => {
    expect(afterNotFound({ attempts: 1, callStart: NOW - GIVE_UP, now: NOW, giveUpAfterMs: GIVE_UP })).toEqual({ status: 'unavailable' });
  });
});

describe('afterInvalidResponse', () => {
  it('retries a few times, then fails', () => {
    expect(afterInvalidResponse(1, NOW)).toEqual({ status: 'pending', nextAttemptAt: NOW + 5 * M });
    expect(afterInvalidResponse(MAX_INVALID_ATTEMPTS, NOW)).toEqual({ status: 'failed' });
  });
});

describe('afterTransientFailure', () => {
  it('backs off like a 404 and never gives up', () => {
    expect([1, 2, 3, 4, 5, 9].map((attempts) => (afterTransientFailure(attempts, NOW) - NOW) / M)).toEqual([5, 15, 60, 240, 720, 720]);
  });
});
