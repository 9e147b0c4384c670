import { SDK } from '@ringcentral/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';

const started: Simulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

let prefix = 0;
async function setUp(options: Parameters<typeof startSimulator>[0] = {}) {
  const sim = await startSimulator({ calls: 200, ...options });
  started.push(sim);
  const platform = new SDK({ server: sim.url, clientId: sim.credentials.clientId, clientSecret: sim.credentials.clientSecret, cachePrefix: `faults-${prefix++}-` }).platform();
  await platform.login({ jwt: sim.credentials.jwt });
  return { sim, platform };
}

const CALL_LOG = '/restapi/v1.0/account/~/call-log';

describe('fault injection', () => {
  it('a connection dropped mid-body or before the headers makes the SDK request fail', async () => {
    const { sim, platform } = await setUp();
    sim.faults.dropNext(1, { pathPrefix: CALL_LOG, at: 'mid-body' });
    await expect(platform.get(CALL_LOG, { perPage: 100 }).then((r) => r.json())).rejects.toThrow();
    sim.faults.dropNext(1, { at: 'before-headers' });
    await expect(platform.get(CALL_LOG)).rejects.toThrow();
    sim.faults.dropNext(1, { at: 'after-headers' });
    await expect(platform.get(CALL_LOG).then((r) => r.json())).rejects.toThrow();
    const ok = await platform.get(CALL_LOG);
    expect(ok.status).toBe(200);
    expect(sim.requests.filter((r) => r.path === CALL_LOG).map((r) => r.status)).toContain(0);
  });

  it('a malformed body is a 200 that does not parse', async () => {
    const { sim, platform } = await setUp();
    sim.faults.malformNext(1, { pathPrefix: CALL_LOG });
    const response = await platform.get(CALL_LOG);
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow();
    expect(((await (await platform.get(CALL_LOG)).json()) as { records: unknown[] }).records).toBeInstanceOf(Array);
  });

  it('failNext answers the given status for matching paths only, with Retry-After on 503', async () => {
    const { sim, platform } = await setUp();
    sim.faults.failNext(2, { status: 502, pathPrefix: CALL_LOG });
    await expect(platform.get('/ai/ringsense/v1/public/accounts/~/domains/pbx/records/1/insights')).rejects.toMatchObject({ response: { status: 404 } });
    await expect(platform.get(CALL_LOG)).rejects.toMatchObject({ response: { status: 502 } });
    await expect(platform.get(CALL_LOG)).rejects.toMatchObject({ response: { status: 502 } });
    expect((await platform.get(CALL_LOG)).status).toBe(200);
    sim.faults.failNext(1, { status: 503, retryAfterSeconds: 7 });
    const error = (await platform.get(CALL_LOG).catch((e: unknown) => e)) as { response: Response };
    expect(error.response.status).toBe(503);
    expect(error.response.headers.get('retry-after')).toBe('7');
  });

  it('the error rate is seeded: the same seed fails the same requests', async () => {
    const pattern = async (seed: number) => {
      const { sim, platform } = await setUp({ seed, faults: { errorRate: { rate: 0.3, pathPrefix: CALL_LOG } } });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push(await platform.get(CALL_LOG, { perPage: 1 }).then((r) => r.status, (e: { response: Response }) => e.response.status));
      sim.faults.clear();
      return statuses;
    };
    const first = await pattern(11);
    expect(await pattern(11)).toEqual(first);
    expect(first.filter((s) => s === 500).length).toBeGreaterThan(2);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(10);
  });

  it('slow responses wait the configured delay', async () => {
    const { sim, platform } = await setUp();
    sim.faults.delay(300, { pathPrefix: CALL_LOG });
    const started = performance.now();
    await platform.get(CALL_LOG);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    sim.faults.delay(0);
    const quick = performance.now();
    await platform.get(CALL_LOG);
    expect(performance.now() - quick).toBeLessThan(250);
  });

  it('records that change: a recording attached later and a moved lastModifiedTime', async () => {
    let clock = Date.parse('2026-08-01T12:00:00Z');
    const { sim, platform } = await setUp({ now: () => clock, days: 1 });
    const index = [...Array(200).keys()].reverse().find((i) => sim.account.shapeAt(i).recordings.length > 0) as number;
    const id = sim.account.callAt(index).id;
    const recordingId = sim.account.shapeAt(index).recordings[0]?.id as string;
    sim.attachRecordingLater(index, clock + 60_000);
    const listed = async () => {
      const body = (await (await platform.get(CALL_LOG, { view: 'Detailed', recordingType: 'All', perPage: 1000 })).json()) as { records: Array<{ id: string }> };
      return body.records.map((r) => r.id);
    };
    expect(await listed()).not.toContain(id);
    expect((await (await platform.get(`${CALL_LOG}/${id}`, { view: 'Detailed' })).json()) as object).not.toHaveProperty('recording');
    await expect(platform.get(`/restapi/v1.0/account/~/recording/${recordingId}/content`)).rejects.toMatchObject({ response: { status: 404 } });
    clock += 61_000;
    expect(await listed()).toContain(id);
    const record = (await (await platform.get(`${CALL_LOG}/${id}`, { view: 'Detailed' })).json()) as { recording: { id: string }; lastModifiedTime: string };
    expect(record.recording.id).toBe(recordingId);
    expect(Date.parse(record.lastModifiedTime)).toBe(clock - 1000);

    sim.touchCall(index, clock + 5000);
    const touched = (await (await platform.get(`${CALL_LOG}/${id}`, { view: 'Detailed' })).json()) as { lastModifiedTime: string };
    expect(Date.parse(touched.lastModifiedTime)).toBe(clock + 5000);
  });

  it('expired refresh tokens make the SDK fail until it logs in again with the JWT', async () => {
    const { sim, platform } = await setUp();
    sim.expireAccessTokens();
    sim.expireRefreshTokens();
    await expect(platform.get(CALL_LOG)).rejects.toThrow();
    await platform.login({ jwt: sim.credentials.jwt });
    expect((await platform.get(CALL_LOG)).status).toBe(200);
    expect(sim.stats().logins).toBe(2);
  });

  it('the content endpoint honours Range and the access_token query parameter, and never logs the token', async () => {
    const { sim, platform } = await setUp();
    const recordingId = [...sim.account.recordingIds()][0] as string;
    const full = sim.account.audioFor(recordingId);
    const partial = await platform.get(`/restapi/v1.0/account/~/recording/${recordingId}/content`, undefined, { headers: { Range: 'bytes=40-139' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 40-139/${full.length}`);
    expect(Buffer.from(await partial.arrayBuffer())).toEqual(full.subarray(40, 140));
    const signed = await platform.signUrl(`${sim.url}/restapi/v1.0/account/~/recording/${recordingId}/content`);
    const direct = await fetch(signed);
    expect(direct.status).toBe(200);
    expect(Buffer.from(await direct.arrayBuffer())).toEqual(full);
    const token = new URL(signed).searchParams.get('access_token') as string;
    expect(JSON.stringify(sim.requests)).not.toContain(token);
  });
});
