import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, parseRateLimits, startSimulator } from '../../src/simulator/index.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function loggedIn(s: Simulator): Promise<string> {
  const response = await fetch(`${s.url}/restapi/oauth/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${s.credentials.clientId}:${s.credentials.clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: s.credentials.jwt }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('rate limits (injected clock)', () => {
  it('counts down X-Rate-Limit-Remaining, answers 429 with Retry-After, and restarts the penalty on every request during it', async () => {
    let clock = 1_800_000_000_000;
    sim = await startSimulator({ calls: 50, now: () => clock, rateLimits: { Heavy: { limit: 3, windowSeconds: 60, penaltySeconds: 60 } } });
    const token = await loggedIn(sim);
    const callLog = () => fetch(`${sim!.url}/restapi/v1.0/account/~/call-log?perPage=1`, { headers: { Authorization: `Bearer ${token}` } });

    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await callLog();
      expect(response.status).toBe(200);
      expect(response.headers.get('x-rate-limit-group')).toBe('heavy');
      expect(response.headers.get('x-rate-limit-limit')).toBe('3');
      expect(response.headers.get('x-rate-limit-window')).toBe('60');
      remaining.push(response.headers.get('x-rate-limit-remaining') ?? '');
      clock += 1000;
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const limited = await callLog();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(((await limited.json()) as { errors: Array<{ errorCode: string }> }).errors[0]?.errorCode).toBe('CMN-301');

    // 50 s into the penalty (the window has slid past the first requests): still refused, and the penalty restarts.
    clock += 50_000;
    expect((await callLog()).status).toBe(429);
    clock += 50_000;
    expect((await callLog()).status).toBe(429);
    // A full penalty after the last refused request, without sending anything in between: allowed again.
    clock += 60_000;
    const after = await callLog();
    expect(after.status).toBe(200);
    expect(after.headers.get('x-rate-limit-remaining')).toBe('2');

    // Other groups are not limited by the Heavy rule.
    const light = await fetch(`${sim.url}/ai/ringsense/v1/public/accounts/~/domains/pbx/records/1/insights`, { headers: { Authorization: `Bearer ${token}` } });
    expect(light.status).toBe(404);
    expect(light.headers.get('x-rate-limit-group')).toBe('light');
  });

  it('the sliding window frees a slot as the oldest request leaves it', async () => {
    let clock = 1_800_000_000_000;
    sim = await startSimulator({ calls: 10, now: () => clock, rateLimits: { Heavy: { limit: 2, windowSeconds: 10, penaltySeconds: 5 } } });
    const token = await loggedIn(sim);
    const callLog = () => fetch(`${sim!.url}/restapi/v1.0/account/~/call-log`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await callLog()).status).toBe(200);
    clock += 6_000;
    expect((await callLog()).status).toBe(200);
    clock += 4_001; // the first request is now more than 10 s old
    const third = await callLog();
    expect(third.status).toBe(200);
    expect(third.headers.get('x-rate-limit-remaining')).toBe('0');
  });

  it('realistic limits: Auth allows 5 logins a minute', async () => {
    sim = await startSimulator({ calls: 10, rateLimits: 'realistic' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${sim.url}/restapi/oauth/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${sim.credentials.clientId}:${sim.credentials.clientSecret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: sim.credentials.jwt }),
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(sim.stats().liveSessions).toBe(5);
  });

  it('parses the CLI forms and rejects bad ones', () => {
    expect(parseRateLimits('off')).toBe('off');
    expect(parseRateLimits('realistic')).toBe('realistic');
    expect(parseRateLimits('{"Heavy":{"limit":10,"window":60}}')).toEqual({ Heavy: { limit: 10, windowSeconds: 60, penaltySeconds: undefined } });
    expect(() => parseRateLimits('{"Huge":{"limit":1,"window":1}}')).toThrow(/unknown rate-limit group/);
    expect(() => parseRateLimits('{"Heavy":{"limit":0,"window":60}}')).toThrow(/limit/);
    expect(() => parseRateLimits('fast')).toThrow(/realistic, off or JSON/);
  });
});
