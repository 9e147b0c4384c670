import { describe, expect, it } from 'vitest';
import { InvalidResponseError, TryAgainLaterError } from '../../src/ringcentral/errors.js';
import { RateLimitGovernor, type RateLimitGovernorOptions, type WaitEvent } from '../../src/ringcentral/rate-limit-governor.js';
import type { RateLimitGroup } from '../../src/ringcentral/rate-limit-groups.js';
import { MalformedBodyError, RequestTimeoutError } from '../../src/ringcentral/transient-errors.js';
import { FakeClock } from './helpers/fake-clock.js';

interface FakeResponse {
  status: number;
  headers: Headers;
}

function reply(status: number, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: new Headers(headers) };
}

function setup(options: Partial<RateLimitGovernorOptions> = {}) {
  const clock = new FakeClock();
  const waits: WaitEvent[] = [];
  const governor = new RateLimitGovernor({
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    onWait: (event) => waits.push(event),
    ...options,
  });
  const sent: { group: RateLimitGroup; at: number }[] = [];
  /** Sends through the governor; `answer` decides each attempt's outcome. */
  const request = (group: RateLimitGroup, answer: (attempt: number) => FakeResponse | Error) => {
    let attempt = 0;
    return governor.run(group, async () => {
      sent.push({ group, at: clock.now() });
      const outcome = answer(attempt++);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    });
  };
  return { clock, governor, waits, sent, request };
}

/** The most requests of a group sent within any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (const start of times) best = Math.max(best, times.filter((t) => t >= start && t < start + windowMs).length);
  return best;
}

describe('pacing by group (no archive)', () => {
  it('keeps Heavy under its documented 10 per 60 s (9 with headroom) and lets other groups through', async () => {
    const { clock, sent, request, waits } = setup({ learnFromHeaders: false });
    const heavy = (async () => {
      for (let i = 0; i < 20; i++) await request('Heavy', () => reply(200));
    })();
    const light = (async () => {
      for (let i = 0; i < 20; i++) await request('Light', () => reply(200));
    })();
    await clock.drive(Promise.all([heavy, light]));
    const heavyTimes = sent.filter((s) => s.group === 'Heavy').map((s) => s.at);
    const lightTimes = sent.filter((s) => s.group === 'Light').map((s) => s.at);
    expect(heavyTimes).toHaveLength(20);
    expect(busiestWindow(heavyTimes, 60_000)).toBe(9);
    expect(heavyTimes.slice(0, 9).every((t) => t === 0)).toBe(true);
    expect(heavyTimes[9]).toBe(60_000);
    expect(heavyTimes[18]).toBe(120_000);
    expect(lightTimes.every((t) => t === 0)).toBe(true);
    expect(waits.some((w) => w.group === 'Heavy' && w.reason === 'pacing')).toBe(true);
    expect(waits.some((w) => w.group === 'Light')).toBe(false);
  });

  it('uses overridden budgets', async () => {
    const { clock, sent, request } = setup({ learnFromHeaders: false, headroom: 0, budgets: { Heavy: { limit: 3, windowMs: 1_000 } } });
    await clock.drive((async () => {
      for (let i = 0; i < 7; i++) await request('Heavy', () => reply(200));
    })());
    expect(sent.map((s) => s.at)).toEqual([0, 0, 0, 1_000, 1_000, 1_000, 2_000]);
  });

  it('says "1 request", not "1 requests"', async () => {
    const { clock, request, waits } = setup({ learnFromHeaders: false, budgets: { Auth: { limit: 1, windowMs: 60_000 } } });
    await clock.drive((async () => {
      for (let i = 0; i < 2; i++) await request('Auth', () => reply(200));
    })());
    expect(waits.map((w) => w.detail)).toEqual(['1 request per 60 s']);
  });

  it('paces concurrent requests of one group as strictly as sequential ones', async () => {
    const { clock, sent, request } = setup({ learnFromHeaders: false, headroom: 0, budgets: { Heavy: { limit: 2, windowMs: 1_000 } } });
    await clock.drive(Promise.all(Array.from({ length: 6 }, () => request('Heavy', () => reply(200)))));
    const times = sent.map((s) => s.at);
    expect(busiestWindow(times, 1_000)).toBe(2);
    expect(Math.max(...times)).toBe(2_000);
  });
});

describe('learning from X-Rate-Limit headers (no archive)', () => {
  it('goes faster when the server announces a larger limit', async () => {
    const { clock, sent, request, governor } = setup();
    const headers = { 'X-Rate-Limit-Group': 'heavy', 'X-Rate-Limit-Limit': '100', 'X-Rate-Limit-Remaining': '99', 'X-Rate-Limit-Window': '60' };
    await clock.drive((async () => {
      for (let i = 0; i < 40; i++) await request('Heavy', () => reply(200, headers));
    })());
    expect(sent.every((s) => s.at === 0)).toBe(true);
    expect(governor.budgetOf('Heavy')).toMatchObject({ budget: { limit: 100, windowMs: 60_000 }, learned: true });
  });

  it('slows down to the smaller limit the server announces', async () => {
    const { clock, sent, request } = setup({ headroom: 0 });
    const headers = { 'X-Rate-Limit-Limit': '3', 'X-Rate-Limit-Remaining': '2', 'X-Rate-Limit-Window': '10' };
    await clock.drive((async () => {
      for (let i = 0; i < 4; i++) await request('Heavy', () => reply(200, headers));
    })());
    expect(sent.map((s) => s.at)).toEqual([0, 0, 0, 10_000]);
  });

  it('waits a whole window when Remaining reaches 0, even if its own count would allow more', async () => {
    const { clock, sent, request, waits } = setup();
    let remaining = 2;
    const answer = () => reply(200, { 'X-Rate-Limit-Limit': '10', 'X-Rate-Limit-Remaining': String(remaining--), 'X-Rate-Limit-Window': '60' });
    await clock.drive((async () => {
      for (let i = 0; i < 4; i++) await request('Heavy', answer);
    })());
    // Remaining 2, 1, 0 (another client used the rest): the fourth waits for the window.
    expect(sent.map((s) => s.at)).toEqual([0, 0, 0, 60_000]);
    expect(waits.find((w) => w.reason === 'pacing')?.detail).toContain('Remaining');
  });

  it('does not pace a group whose responses carry no rate-limit headers (limits off)', async () => {
    const { clock, sent, request, governor } = setup();
    await clock.drive((async () => {
      for (let i = 0; i < 100; i++) await request('Heavy', () => reply(200));
    })());
    expect(sent.every((s) => s.at === 0)).toBe(true);
    expect(governor.budgetOf('Heavy').unlimited).toBe(true);
  });
});

describe('429 and the penalty (no archive)', () => {
  it('waits Retry-After and sends nothing in the group meanwhile', async () => {
    const { clock, sent, request, waits } = setup();
    const first = request('Heavy', (attempt) => (attempt === 0 ? reply(429, { 'Retry-After': '7' }) : reply(200)));
    const others = (async () => {
      await clock.sleep(1_000);
      await Promise.all([request('Heavy', () => reply(200)), request('Heavy', () => reply(200))]);
    })();
    const light = (async () => {
      await clock.sleep(2_000);
      await request('Light', () => reply(200));
    })();
    await clock.drive(Promise.all([first, others, light]));
    const heavyTimes = sent.filter((s) => s.group === 'Heavy').map((s) => s.at);
    expect(heavyTimes[0]).toBe(0);
    expect(heavyTimes.slice(1).every((t) => t >= 7_000)).toBe(true);
    expect(sent.find((s) => s.group === 'Light')?.at).toBe(2_000);
    expect(waits.find((w) => w.reason === 'rate-limited')?.detail).toBe('HTTP 429, Retry-After 7 s');
  });

  it('waits the 60 s penalty when Retry-After is absent', async () => {
    const { clock, sent, request, waits } = setup();
    await clock.drive(request('Heavy', (attempt) => (attempt === 0 ? reply(429) : reply(200))));
    expect(sent.map((s) => s.at)).toEqual([0, 60_000]);
    expect(waits.find((w) => w.reason === 'rate-limited')).toMatchObject({ ms: 60_000, detail: 'HTTP 429 without Retry-After' });
  });

  it('gives up with TryAgainLaterError once the retry budget is spent', async () => {
    const { clock, sent, request } = setup({ maxRetries: 3 });
    const outcome = clock.drive(request('Heavy', () => reply(429, { 'Retry-After': '2' })));
    await expect(outcome).rejects.toBeInstanceOf(TryAgainLaterError);
    await expect(outcome).rejects.toThrow('RingCentral stayed rate-limited (Heavy) past the retry budget; try again later');
    expect(sent.map((s) => s.at)).toEqual([0, 2_000, 4_000, 6_000]);
  });
});

describe('5xx and network failures (no archive)', () => {
  it('retries 5xx with exponential backoff and full jitter, then succeeds', async () => {
    const { clock, sent, request, waits } = setup();
    const response = await clock.drive(request('Heavy', (attempt) => (attempt < 3 ? reply(500) : reply(200))));
    expect(response.status).toBe(200);
    // random() = 0.5: half of 1 s, 2 s, 4 s.
    expect(sent.map((s) => s.at)).toEqual([0, 500, 1_500, 3_500]);
    expect(waits.filter((w) => w.reason === 'backoff').map((w) => w.detail)).toEqual(['HTTP 500', 'HTTP 500', 'HTTP 500']);
  });

  it('caps the backoff', async () => {
    const { clock, sent, request } = setup({ random: () => 0.999, maxRetries: 10 });
    await clock.drive(request('Light', (attempt) => (attempt < 9 ? reply(502) : reply(200))));
    const gaps = sent.slice(1).map((s, i) => s.at - (sent[i]?.at ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000);
    expect(gaps.at(-1)).toBeGreaterThan(59_000);
  });

  it('honours Retry-After on 503', async () => {
    const { clock, sent, request } = setup();
    await clock.drive(request('Heavy', (attempt) => (attempt === 0 ? reply(503, { 'Retry-After': '12' }) : reply(200))));
    expect(sent.map((s) => s.at)).toEqual([0, 12_000]);
  });

  it('503 with Retry-After (CMN-201) holds the whole group, not only the refused request', async () => {
    const { clock, sent, request, waits } = setup();
    const refused = request('Light', (attempt) => (attempt === 0 ? reply(503, { 'Retry-After': '5' }) : reply(200)));
    const beside = (async () => {
      await clock.sleep(1_000);
      await request('Light', () => reply(200));
    })();
    await clock.drive(Promise.all([refused, beside]));
    expect(sent.map((s) => s.at)).toEqual([0, 5_000, 5_000]);
    expect(waits.some((w) => w.reason === 'backoff' && w.detail === 'HTTP 503, Retry-After 5 s')).toBe(true);
  });

  it('a 503 asking to wait longer than 5 minutes is left to the next run', async () => {
    const { clock, sent, request } = setup();
    const outcome = clock.drive(request('Heavy', () => reply(503, { 'Retry-After': '3600' })));
    await expect(outcome).rejects.toBeInstanceOf(TryAgainLaterError);
    await expect(outcome).rejects.toThrow('RingCentral is unavailable (HTTP 503) and asked to wait 3600 s (Heavy); try again later');
    expect(sent).toHaveLength(1);
  });

  it('retries dropped connections and timeouts', async () => {
    const { clock, sent, request } = setup();
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const hangUp = new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    const outcomes = [reset, hangUp, new RequestTimeoutError(30_000), new Error('Premature close'), reply(200)];
    const response = await clock.drive(request('Heavy', (attempt) => outcomes[attempt] ?? reply(200)));
    expect(response.status).toBe(200);
    expect(sent).toHaveLength(5);
  });

  it('gives up after maxRetries with a message that says what happened', async () => {
    const { clock, sent, request } = setup({ maxRetries: 2 });
    const failing = request('Heavy', () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    await expect(clock.drive(failing)).rejects.toThrow('Could not reach RingCentral (ECONNRESET) (Heavy) after 3 attempts; try again later');
    expect(sent).toHaveLength(3);

    const slow = setup({ maxRetries: 1 });
    await expect(slow.clock.drive(slow.request('Light', () => new RequestTimeoutError(30_000)))).rejects.toThrow(
      'RingCentral gave no answer within 30 s (Light) after 2 attempts; try again later',
    );
    const failing5xx = setup({ maxRetries: 1 });
    const error = await failing5xx.clock.drive(failing5xx.request('Heavy', () => reply(503))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TryAgainLaterError);
    expect((error as Error).message).toBe('RingCentral kept answering HTTP 503 (Heavy) after 2 attempts; try again later');
  });

  it('retries a garbled JSON body and ends with its own error when it stays garbled', async () => {
    const finalError = new InvalidResponseError('RingCentral sent invalid JSON for GET /x (HTTP 200)');
    const recovering = setup();
    const response = await recovering.clock.drive(
      recovering.request('Heavy', (attempt) => (attempt === 0 ? new MalformedBodyError(finalError) : reply(200))),
    );
    expect(response.status).toBe(200);
    const stuck = setup({ maxRetries: 2 });
    await expect(stuck.clock.drive(stuck.request('Heavy', () => new MalformedBodyError(finalError)))).rejects.toBe(finalError);
    expect(stuck.sent).toHaveLength(3);
  });

  it('does not retry 400, 401, 403, 404 or other errors', async () => {
    for (const status of [400, 401, 403, 404, 416]) {
      const { clock, sent, request } = setup();
      const response = await clock.drive(request('Heavy', () => reply(status)));
      expect(response.status).toBe(status);
      expect(sent).toHaveLength(1);
    }
    const { clock, sent, request } = setup();
    await expect(clock.drive(request('Heavy', () => new TypeError('Invalid URL')))).rejects.toThrow('Invalid URL');
    expect(sent).toHaveLength(1);
  });

  it('stops waiting when the caller aborts', async () => {
    const { clock, governor } = setup();
    const controller = new AbortController();
    const run = governor.run('Heavy', async () => reply(429, { 'Retry-After': '600' }), { signal: controller.signal });
    const abort = (async () => {
      await clock.sleep(1_000);
      controller.abort(new Error('stopped by the user'));
    })();
    await expect(clock.drive(Promise.all([run, abort]))).rejects.toThrow('stopped by the user');
  });
});
