import { describe, expect, it } from 'vitest';
import type { TextSink } from '../context.js';
import { createSyncProgress, type WaitNotice } from './sync-progress.js';

function logSink() {
  const lines: string[] = [];
  const sink: TextSink = {
    isTTY: false,
    write: (chunk) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    },
  };
  let at = Date.parse('2026-11-20T20:30:00.000Z');
  const clock = {
    now: () => new Date(at),
    advance: (ms: number) => {
      at += ms;
    },
  };
  /** The lines without their timestamp. */
  const text = () => lines.map((line) => line.replace(/^\S+ /, ''));
  return { sink, clock, text };
}

const pacing: WaitNotice = { group: 'Light', ms: 60_000, reason: 'pacing', detail: 'X-Rate-Limit-Remaining reached 0' };

describe('sync progress as log lines', () => {
  it('announces a wait that requests in flight run into together once', async () => {
    const { sink, clock, text } = logSink();
    const progress = await createSyncProgress(sink, 'normal', clock.now);
    for (let i = 0; i < 4; i++) {
      progress.onWait({ ...pacing, ms: pacing.ms - i * 5 });
      clock.advance(5);
    }
    progress.onWait({ group: 'Heavy', ms: 30_000, reason: 'pacing', detail: '9 requests per 60 s' });
    expect(text()).toEqual([
      'sync: waiting 60 s (Light): pacing (X-Rate-Limit-Remaining reached 0)',
      'sync: waiting 30 s (Heavy): pacing (9 requests per 60 s)',
    ]);

    // Once that wait is over, the next one is news again.
    clock.advance(61_000);
    progress.onWait(pacing);
    expect(text()).toHaveLength(3);
  });

  it('says why it waits in words, without repeating itself', async () => {
    const { sink, clock, text } = logSink();
    const progress = await createSyncProgress(sink, 'normal', clock.now);
    progress.onWait({ group: 'Light', ms: 60_000, reason: 'rate-limited', detail: 'HTTP 429, Retry-After 60 s' });
    progress.onWait({ group: 'Heavy', ms: 2_500, reason: 'backoff', detail: 'HTTP 503' });
    expect(text()).toEqual(['sync: waiting 60 s (Light): rate-limited (HTTP 429, Retry-After 60 s)', 'sync: waiting 3 s (Heavy): retrying after HTTP 503']);
  });

  it('leaves short waits out unless -v', async () => {
    const normal = logSink();
    const progress = await createSyncProgress(normal.sink, 'normal', normal.clock.now);
    progress.onWait({ ...pacing, ms: 1_500 });
    expect(normal.text()).toEqual([]);
    const verbose = logSink();
    const chatty = await createSyncProgress(verbose.sink, 'verbose', verbose.clock.now);
    chatty.onWait({ ...pacing, ms: 1_500 });
    expect(verbose.text()).toEqual(['sync: waiting 2 s (Light): pacing (X-Rate-Limit-Remaining reached 0)']);
  });

  it('reports transcripts every 100 and at the end', async () => {
    const { sink, clock, text } = logSink();
    const progress = await createSyncProgress(sink, 'normal', clock.now);
    progress.onEvent({ type: 'transcripts-start', due: 150 });
    for (let done = 1; done <= 150; done++) {
      progress.onEvent({ type: 'transcript', done, due: 150, counts: { fetched: done - 1, pending: 1, unavailable: 0, failed: 0, notLicensed: 0 } });
    }
    expect(text()).toEqual(['sync: fetching 150 due transcripts', 'sync: transcripts 100/150, 99 fetched', 'sync: transcripts 150/150, 149 fetched']);
  });
});
