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

  it('no refresh tokens (a new app’s default): none issued, and the SDK keeps an earlier one it can no longer use', async () => {
    const { sim, platform } = await setUp();
    const earlier = (await platform.auth().data()).refresh_token;
    expect(earlier).toEqual(expect.any(String));
    sim.setIssueRefreshTokens(false);
    const response = await platform.login({ jwt: sim.credentials.jwt });
    expect(await response.json()).not.toHaveProperty('refresh_token');
    // The SDK merges the token response into what it had: the earlier session's refresh token stays.
    expect((await platform.auth().data()).refresh_token).toBe(earlier);
    expect(sim.requests.filter((r) => r.path === '/restapi/oauth/token').map((r) => r.grantType)).toEqual(['jwt', 'jwt']);
  });

  it('short access-token lifetimes run on the simulator clock', async () => {
    let clock = Date.parse('2026-08-01T12:00:00Z');
    const { sim, platform } = await setUp({ now: () => clock, accessTokenTtlSeconds: 2 });
    const data = await platform.auth().data();
    expect(data.expires_in).toBe(2);
    const get = () => fetch(`${sim.url}${CALL_LOG}`, { headers: { Authorization: `Bearer ${data.access_token}` } }).then((r) => r.status);
    clock += 1_999;
    expect(await get()).toBe(200);
    clock += 1;
    expect(await get()).toBe(401);
    expect(sim.requests.at(-1)).toMatchObject({ status: 401, errorCode: 'OAU-213' });
  });

  it('a token replaced by a refresh answers OAU-129 for a few seconds, then OAU-213', async () => {
    let clock = Date.parse('2026-08-01T12:00:00Z');
    const { sim, platform } = await setUp({ now: () => clock });
    const old = (await platform.auth().data()).access_token as string;
    await platform.refresh();
    const status = async () => {
      const response = await fetch(`${sim.url}${CALL_LOG}`, { headers: { Authorization: `Bearer ${old}` } });
      return `${response.status} ${((await response.json()) as { errors: Array<{ errorCode: string }> }).errors[0]?.errorCode}`;
    };
    expect(await status()).toBe('401 OAU-129');
    clock += 10_000;
    expect(await status()).toBe('401 OAU-213');
  });

  it('token rejections: OAU-213 ends the session (its refresh token too), OAU-129 only the access token; a share is seeded', async () => {
    const { sim, platform } = await setUp();
    const refreshWith = async (refreshToken: string) =>
      fetch(`${sim.url}/restapi/oauth/token`, {
        method: 'POST',
        headers: { Authorization: platform.basicAuthHeader() },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
      }).then(async (r) => `${r.status} ${r.ok ? '' : ((await r.json()) as { errors: Array<{ errorCode: string }> }).errors[0]?.errorCode}`.trim());
    sim.faults.rejectTokenNext(1, { code: 'OAU-129', pathPrefix: CALL_LOG });
    await expect(platform.get(CALL_LOG, undefined, { retry: true } as never)).rejects.toMatchObject({ response: { status: 401 } });
    expect(await refreshWith((await platform.auth().data()).refresh_token as string)).toBe('200');

    await platform.login({ jwt: sim.credentials.jwt });
    sim.faults.rejectTokenNext(1, { code: 'OAU-213' });
    await expect(platform.get(CALL_LOG, undefined, { retry: true } as never)).rejects.toMatchObject({ response: { status: 401 } });
    expect(await refreshWith((await platform.auth().data()).refresh_token as string)).toBe('400 OAU-213');
    expect(sim.requests.filter((r) => r.status === 401).map((r) => r.errorCode)).toEqual(['OAU-129', 'OAU-213']);

    const pattern = async (seed: number) => {
      const run = await setUp({ seed, faults: { rejectTokenRate: { rate: 0.3, code: 'OAU-129', pathPrefix: CALL_LOG } } });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push(await run.platform.get(CALL_LOG, { perPage: 1 }).then((r) => r.status, (e: { response: Response }) => e.response.status));
      return statuses;
    };
    const first = await pattern(5);
    expect(await pattern(5)).toEqual(first);
    expect(first.filter((s) => s === 401).length).toBeGreaterThan(1);
  });

  it('a share of 503s can carry Retry-After (CMN-201)', async () => {
    const { sim, platform } = await setUp({ faults: { errorRate: { rate: 1, status: 503, retryAfterSeconds: 4, pathPrefix: CALL_LOG } } });
    const error = (await platform.get(CALL_LOG).catch((e: unknown) => e)) as { response: Response };
    expect(error.response.status).toBe(503);
    expect(error.response.headers.get('retry-after')).toBe('4');
    expect(sim.requests.at(-1)?.errorCode).toBe('CMN-201');
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
