import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';

let sim: Simulator;
let token: string;
beforeAll(async () => {
  sim = await startSimulator({ calls: 1_000_000, days: 30 });
  const login = await fetch(`${sim.url}/restapi/oauth/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${sim.credentials.clientId}:${sim.credentials.clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: sim.credentials.jwt }),
  });
  token = ((await login.json()) as { access_token: string }).access_token;
});
afterAll(async () => {
  await sim.stop();
});

/**
 * What the sync benchmark relies on: deep pages of a 1M-call account and many concurrent RingSense
 * requests are served whole. How fast is measured by `npm run bench` (sync ingest), not asserted
 * here: a timed test fails on a loaded machine without anything being wrong.
 */
describe('a 1M-call account (what the sync benchmark relies on)', () => {
  it('serves 1000-record Detailed pages, deep pages included, newest first', async () => {
    const dateFrom = new Date(sim.account.anchorMs - 30 * 86_400_000).toISOString();
    let previousOldest = Infinity;
    for (const page of [1, 2, 500, 999]) {
      const response = await fetch(`${sim.url}/restapi/v1.0/account/~/call-log?view=Detailed&perPage=1000&page=${page}&dateFrom=${dateFrom}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { records: Array<{ startTime: string }> };
      expect(body.records).toHaveLength(1000);
      const starts = body.records.map((record) => Date.parse(record.startTime));
      expect(starts.every((start, i) => i === 0 || start <= starts[i - 1]!)).toBe(true);
      expect(starts[0]!).toBeLessThanOrEqual(previousOldest);
      previousOldest = starts.at(-1)!;
    }
  });

  it('answers 300 RingSense requests from 6 clients at once', async () => {
    const ids = [...sim.account.recordingIds(sim.account.anchorMs - 86_400_000, sim.account.anchorMs - 3_600_000)].slice(0, 300);
    let found = 0;
    let failed = 0;
    await Promise.all(
      Array.from({ length: 6 }, async (_, worker) => {
        for (let i = worker; i < ids.length; i += 6) {
          const response = await fetch(`${sim.url}/ai/ringsense/v1/public/accounts/~/domains/pbx/records/${ids[i]}/insights`, { headers: { Authorization: `Bearer ${token}` } });
          await response.arrayBuffer();
          if (response.status === 200) found++;
          else if (response.status !== 404) failed++;
        }
      }),
    );
    expect(ids).toHaveLength(300);
    expect(failed).toBe(0);
    expect(found).toBeGreaterThan(ids.length * 0.7);
  });
});
