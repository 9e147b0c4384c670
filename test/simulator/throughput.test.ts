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

describe('throughput (what the sync benchmark relies on)', () => {
  it('serves 1000-record Detailed pages of a 1M-call account quickly, deep pages included', async () => {
    const dateFrom = new Date(sim.account.anchorMs - 30 * 86_400_000).toISOString();
    const timings: number[] = [];
    for (const page of [1, 2, 500, 999]) {
      const started = performance.now();
      const response = await fetch(`${sim.url}/restapi/v1.0/account/~/call-log?view=Detailed&perPage=1000&page=${page}&dateFrom=${dateFrom}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { records: unknown[] };
      timings.push(performance.now() - started);
      expect(body.records).toHaveLength(1000);
    }
    // Generous for slow CI machines; locally a page takes ~30–40 ms.
    expect(Math.max(...timings.slice(1))).toBeLessThan(400);
  });

  it('answers RingSense requests cheaply', async () => {
    const ids = [...sim.account.recordingIds(sim.account.anchorMs - 86_400_000, sim.account.anchorMs - 3_600_000)].slice(0, 300);
    const started = performance.now();
    let found = 0;
    await Promise.all(
      Array.from({ length: 6 }, async (_, worker) => {
        for (let i = worker; i < ids.length; i += 6) {
          const response = await fetch(`${sim.url}/ai/ringsense/v1/public/accounts/~/domains/pbx/records/${ids[i]}/insights`, { headers: { Authorization: `Bearer ${token}` } });
          await response.arrayBuffer();
          if (response.status === 200) found++;
        }
      }),
    );
    const perSecond = ids.length / ((performance.now() - started) / 1000);
    expect(found).toBeGreaterThan(ids.length * 0.7);
    expect(perSecond).toBeGreaterThan(500);
  });
});
