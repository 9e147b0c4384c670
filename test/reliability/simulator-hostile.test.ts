import { afterAll, describe, expect, it } from 'vitest';
import { HOSTILE_TEXT } from '../../src/simulator/index.js';
import { ANCHOR, CALL_LOG_PATH, HOUR, INSIGHTS_PREFIX, Lab, TOKEN_PATH, iso } from './scenarios/harness.js';

const lab = new Lab();
afterAll(() => lab.close());

async function token(url: string, credentials: { clientId: string; clientSecret: string; jwt: string }): Promise<string> {
  const response = await fetch(`${url}${TOKEN_PATH}`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: credentials.jwt }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('the simulator serves the hostile payloads and the 429 storm the suite relies on', () => {
  it('hostileRecordNext, hostileInsightsNext and failNext(429) change exactly the next matching answers', async () => {
    const sim = await lab.simulator({ seed: 91, calls: 300 });
    const headers = { Authorization: `Bearer ${await token(sim.url, sim.credentials)}` };
    const page = `${sim.url}${CALL_LOG_PATH}?view=Detailed&dateFrom=${iso(ANCHOR - 10 * HOUR)}&dateTo=${iso(ANCHOR)}`;

    sim.faults.hostileRecordNext(1, 'deep-nesting');
    const deep = await (await fetch(page, { headers })).text();
    expect(deep).toContain('{"n":'.repeat(20_000));
    expect(() => JSON.parse(deep)).not.toThrow();

    sim.faults.hostileRecordNext(1, 'escape-sequences');
    const escaped = (await (await fetch(page, { headers })).json()) as { records: { from?: { name?: string }; recording?: unknown }[] };
    const hostile = escaped.records.find((record) => record.recording)!;
    expect(hostile.from?.name).toBe(HOSTILE_TEXT.escapes);
    const plain = (await (await fetch(page, { headers })).json()) as { records: { from?: { name?: string } }[] };
    expect(plain.records.some((record) => record.from?.name === HOSTILE_TEXT.escapes)).toBe(false);

    const id = [...sim.account.recordingIds(ANCHOR - 10 * HOUR, ANCHOR - 2 * HOUR)][0]!;
    sim.faults.hostileInsightsNext(1, 'huge-transcript');
    const huge = await (await fetch(`${sim.url}${INSIGHTS_PREFIX}${id}/insights`, { headers })).text();
    expect(huge.length).toBeGreaterThan(10_000_000);

    sim.faults.failNext(1, { status: 429, retryAfterSeconds: 30, pathPrefix: CALL_LOG_PATH });
    const limited = await fetch(page, { headers });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(((await limited.json()) as { errorCode: string }).errorCode).toBe('CMN-301');
    expect((await fetch(page, { headers })).status).toBe(200);
  });
});
