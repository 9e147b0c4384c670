import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchCallLogPages, type CallLogPage } from '../../src/ringcentral/call-log.js';
import { RingCentralClient, type RingCentralClientOptions } from '../../src/ringcentral/client.js';
import { ApiError, AuthError, InvalidResponseError, TryAgainLaterError } from '../../src/ringcentral/errors.js';
import { fetchInsights } from '../../src/ringcentral/insights.js';
import { hasUserPermission } from '../../src/ringcentral/user-permission.js';
import type { WaitEvent } from '../../src/ringcentral/rate-limit-governor.js';
import { downloadContent, signedUrl } from '../../src/ringcentral/recording-content.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';

const DAY_MS = 86_400_000;
const TOKEN_PATH = '/restapi/oauth/token';

function tempTokenFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'rec-')), 'state', 'tokens.json');
}

function clientFor(sim: Simulator, tokenFile: string, extra: Partial<RingCentralClientOptions> = {}): RingCentralClient {
  return new RingCentralClient({
    credentials: { server: sim.url, ...sim.credentials },
    tokenFile,
    requestTimeoutMs: 5_000,
    maxRetries: 4,
    appVersion: 'test',
    governor: { baseBackoffMs: 20, maxBackoffMs: 200 },
    ...extra,
  });
}

/** The whole call log of the simulated period. */
async function allPages(client: RingCentralClient, perPage = 1000): Promise<CallLogPage[]> {
  const pages: CallLogPage[] = [];
  const now = Date.now();
  for await (const page of fetchCallLogPages(client, { dateFrom: new Date(now - 8 * DAY_MS), dateTo: new Date(now + 60_000), perPage })) {
    pages.push(page);
  }
  return pages;
}

/** The error a promise rejects with; fails the test if it resolves. */
async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a failure, got a success');
}

function tokenRequests(sim: Simulator, since = 0) {
  return sim.requests.slice(since).filter((request) => request.path === TOKEN_PATH);
}

/** Every secret a message must never show: the client secret, the JWT and the stored tokens. */
function secretsOf(sim: Simulator, tokenFiles: string[]): string[] {
  const secrets = [sim.credentials.clientSecret, sim.credentials.jwt];
  for (const file of tokenFiles) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const accounts = (JSON.parse(text) as { accounts: Record<string, Record<string, string>> }).accounts;
    for (const entry of Object.values(accounts)) {
      for (const value of Object.values(entry)) {
        const data = JSON.parse(value) as { access_token?: string; refresh_token?: string };
        if (data.access_token) secrets.push(data.access_token);
        if (data.refresh_token) secrets.push(data.refresh_token);
      }
    }
  }
  return secrets;
}

describe('session against the simulator (no archive)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 7, calls: 120, days: 7 });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('logs in with the JWT, keeps the tokens in a 0600 file and reuses them in the next run', async () => {
    const tokenFile = tempTokenFile();
    const before = sim.stats().logins;
    const first = clientFor(sim, tokenFile);
    const pages = await allPages(first);
    expect(pages.flatMap((p) => p.records).length).toBeGreaterThan(0);
    expect(sim.stats().logins).toBe(before + 1);
    expect(first.sessionEvent).toBe('login');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(first.requestCount).toBe(pages.length + 1);

    const mark = sim.requests.length;
    const second = clientFor(sim, tokenFile);
    await allPages(second);
    expect(sim.stats().logins).toBe(before + 1);
    expect(tokenRequests(sim, mark)).toEqual([]);
    expect(second.sessionEvent).toBeNull();
  });

  it('refreshes an expired access token without logging in again', async () => {
    const tokenFile = tempTokenFile();
    const client = clientFor(sim, tokenFile);
    await client.getJson('/restapi/v1.0/account/~/call-log', { query: { perPage: 1 } });
    const { logins, refreshes } = sim.stats();
    sim.expireAccessTokens();
    await client.getJson('/restapi/v1.0/account/~/call-log', { query: { perPage: 1 } });
    expect(sim.stats().refreshes).toBe(refreshes + 1);
    expect(sim.stats().logins).toBe(logins);
    expect(client.sessionEvent).toBe('refresh');
    // The next run finds the refreshed pair and sends no token request.
    const mark = sim.requests.length;
    await clientFor(sim, tokenFile).getJson('/restapi/v1.0/account/~/call-log', { query: { perPage: 1 } });
    expect(tokenRequests(sim, mark)).toEqual([]);
  });

  it('logs in with the JWT again once the refresh token has expired', async () => {
    const tokenFile = tempTokenFile();
    const client = clientFor(sim, tokenFile);
    await client.getJson('/restapi/v1.0/account/~/call-log', { query: { perPage: 1 } });
    const { logins } = sim.stats();
    sim.expireRefreshTokens();
    sim.expireAccessTokens();
    const mark = sim.requests.length;
    const body = await client.getJson('/restapi/v1.0/account/~/call-log', { query: { perPage: 1 } });
    expect(body).toHaveProperty('records');
    expect(sim.stats().logins).toBe(logins + 1);
    expect(client.sessionEvent).toBe('login');
    // One refused refresh, one login: no loop.
    expect(tokenRequests(sim, mark).map((r) => r.status)).toEqual([400, 200]);
  });

  it('survives two processes refreshing with the same single-use refresh token', async () => {
    const tokenFile = tempTokenFile();
    await clientFor(sim, tokenFile).ensureSession();
    const a = clientFor(sim, tokenFile);
    const b = clientFor(sim, tokenFile);
    sim.expireAccessTokens();
    const { logins, refreshes } = sim.stats();
    const results = await Promise.all([
      a.getJson('/restapi/v1.0/account/~/call-log', { query: { perPage: 1 } }),
      b.getJson('/restapi/v1.0/account/~/call-log', { query: { perPage: 1 } }),
    ]);
    expect(results.every((body) => typeof body === 'object' && body !== null && 'records' in body)).toBe(true);
    // They take turns on the token file's lock: one refreshes, the other finds the new pair.
    expect(sim.stats().logins - logins).toBe(0);
    expect(sim.stats().refreshes - refreshes).toBe(1);
  });

  it('reports a wrong client secret as AuthError with RingCentral’s reason and no secret', async () => {
    const tokenFile = tempTokenFile();
    const wrongSecret = 'Wrong-Client-Secret-4242';
    const client = new RingCentralClient({
      credentials: { server: sim.url, ...sim.credentials, clientSecret: wrongSecret },
      tokenFile,
    });
    const error = await failureOf(client.getJson('/restapi/v1.0/account/~/call-log'));
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
    expect((error as AuthError).message).toMatch(/refused the credentials.*Invalid client/);
    expect((error as AuthError).errorCode).toMatch(/^OAU-/);
    for (const secret of [wrongSecret, sim.credentials.jwt, Buffer.from(`${sim.credentials.clientId}:${wrongSecret}`).toString('base64')]) {
      expect(error.message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    }
    expect(Object.keys(error as object)).not.toContain('request');
    // A refused login is not re-sent (the SDK would retry the 401 once).
    expect(tokenRequests(sim).filter((r) => r.status === 401)).toHaveLength(1);
  });

  it('reports a wrong JWT as AuthError', async () => {
    const client = new RingCentralClient({
      credentials: { server: sim.url, ...sim.credentials, jwt: 'not.the.right-jwt' },
      tokenFile: tempTokenFile(),
    });
    await expect(client.ensureSession()).rejects.toThrow(AuthError);
  });
});

describe('call log, insights and audio against the simulator (no archive)', () => {
  let sim: Simulator;
  let client: RingCentralClient;
  const tokenFile = tempTokenFile();
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, calls: 150, days: 7, insightsDelaySeconds: 0 });
    client = clientFor(sim, tokenFile);
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('walks every page with the Detailed query and a fixed dateTo', async () => {
    const pages = await allPages(client, 40);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.map((p) => p.page)).toEqual(pages.map((_, i) => i + 1));
    const ids = pages.flatMap((p) => p.records.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    const listRequests = sim.requests.filter((r) => r.path === '/restapi/v1.0/account/~/call-log');
    const first = listRequests.at(-pages.length);
    expect(first?.query).toMatchObject({ view: 'Detailed', recordingType: 'All', perPage: '40' });
    const dateTos = new Set(listRequests.slice(-pages.length).map((r) => r.query.dateTo));
    expect(dateTos.size).toBe(1);
    expect(listRequests.slice(-pages.length).every((r) => !Object.values(r.query).includes(''))).toBe(true);
  });

  it('keeps the rest of a page when one record is invalid', async () => {
    sim.faults.invalidRecordNext(1);
    const [page] = await allPages(client);
    expect(page?.invalid).toHaveLength(1);
    expect(page?.invalid[0]?.error).toMatch(/startTime/);
    expect(page?.invalid[0]?.id).toEqual(expect.any(String));
    expect(page?.records.length).toBeGreaterThan(0);
  });

  it('fetches RingSense insights, and tells not-found apart', async () => {
    const records = (await allPages(client)).flatMap((p) => p.records);
    const recordings = records.flatMap((r) => (r.recording ? [r.recording.id] : []));
    const results = await Promise.all(recordings.slice(0, 15).map((id) => fetchInsights(client, id)));
    const ready = results.filter((r) => r.kind === 'ready');
    expect(ready.length).toBeGreaterThan(0);
    expect(results.every((r) => r.kind === 'ready' || r.kind === 'not_found')).toBe(true);
    expect(await fetchInsights(client, 'no-such-recording')).toEqual({ kind: 'not_found', errorCode: 'RAH-3001' });
    const first = ready[0];
    if (first?.kind === 'ready') expect(first.body.sourceRecordId).toEqual(expect.any(String));

    await fetchInsights(client, recordings[0] ?? 'x', { insightTypes: ['Transcript', 'Summary'] });
    const last = sim.requests.filter((r) => r.path.includes('/ai/ringsense/')).at(-1);
    expect(last?.query.insightTypes).toBe('Transcript,Summary');
    expect(last?.group).toBe('Light');
  });

  it('downloads recording audio, resumes with a range, and signs a URL for players', async () => {
    const records = (await allPages(client)).flatMap((p) => p.records);
    const contentUri = records.find((r) => r.recording)?.recording?.contentUri ?? '';
    const whole = await downloadContent(client, contentUri);
    const chunks: Buffer[] = [];
    for await (const chunk of whole.body) chunks.push(chunk as Buffer);
    const audio = Buffer.concat(chunks);
    expect(whole.status).toBe(200);
    expect(whole.contentType).toMatch(/^audio\//);
    expect(audio.length).toBeGreaterThan(100);
    if (whole.contentLength !== null) expect(whole.contentLength).toBe(audio.length);

    const tail = await downloadContent(client, contentUri, { rangeStart: 100 });
    const tailChunks: Buffer[] = [];
    for await (const chunk of tail.body) tailChunks.push(chunk as Buffer);
    expect(tail.status).toBe(206);
    expect(tail.contentRange).toMatch(/^bytes 100-/);
    expect(Buffer.concat(tailChunks).equals(audio.subarray(100))).toBe(true);

    const request = sim.requests.filter((r) => r.path.endsWith('/content')).at(-1);
    expect(request?.query).not.toHaveProperty('access_token');
    expect(request?.group).toBe('Heavy');

    const url = await signedUrl(client, contentUri);
    expect(url).toContain('access_token=');
    const viaPlayer = await fetch(url);
    expect(viaPlayer.status).toBe(200);
    expect(Buffer.from(await viaPlayer.arrayBuffer()).equals(audio)).toBe(true);
  });

  it("tells RingSense's answers apart by status and errorCode: 403 RAH-3005, 403 CMN-401, 404 AGW-404, 404 RAH-3001", async () => {
    const other = await startSimulator({ seed: 11, calls: 20, days: 2 });
    try {
      const insights = () => fetchInsights(clientFor(other, tempTokenFile()), 'any');
      expect(await insights()).toEqual({ kind: 'not_found', errorCode: 'RAH-3001' });
      other.setRingSense({ userPermission: false });
      expect(await insights()).toMatchObject({ kind: 'forbidden', cause: 'user-permission', errorCode: 'RAH-3005', reason: expect.stringMatching(/HTTP 403, RAH-3005/) });
      other.setRingSense({ userPermission: true, scope: false });
      expect(await insights()).toMatchObject({ kind: 'forbidden', cause: 'app-scope', errorCode: 'CMN-401' });
      other.setRingSense({ scope: true, routeMoved: true });
      expect(await insights()).toMatchObject({ kind: 'route_missing', reason: expect.stringMatching(/HTTP 404 .*\(AGW-404\)/) });
    } finally {
      await other.stop();
    }
  });

  it('checks a user permission with authz-profile/check', async () => {
    const other = await startSimulator({ seed: 12, calls: 10, days: 2 });
    try {
      const checker = clientFor(other, tempTokenFile());
      expect(await hasUserPermission(checker, 'ReadRingSenseInsights')).toBe(true);
      expect(await hasUserPermission(checker, 'FullCompanyCallLog')).toBe(true);
      other.setRingSense({ userPermission: false });
      expect(await hasUserPermission(checker, 'ReadRingSenseInsights')).toBe(false);
      const last = other.requests.at(-1);
      expect(last).toMatchObject({ path: '/restapi/v1.0/account/~/extension/~/authz-profile/check', query: { permissionId: 'ReadRingSenseInsights' }, group: 'Light' });
    } finally {
      await other.stop();
    }
  });
});

describe('rate limits and faults against the simulator (no archive)', () => {
  it('rides out a 429 storm under a tight Heavy limit without sending during a penalty', async () => {
    const sim = await startSimulator({ seed: 3, calls: 60, days: 3, rateLimits: { Heavy: { limit: 2, windowSeconds: 1, penaltySeconds: 1 } } });
    try {
      const waits: WaitEvent[] = [];
      // Pacing switched off and a huge budget: the client bursts into the limit on purpose.
      const client = clientFor(sim, tempTokenFile(), {
        maxRetries: 8,
        onWait: (event) => waits.push(event),
        governor: { learnFromHeaders: false, headroom: 0, budgets: { Heavy: { limit: 1_000, windowMs: 1_000 } }, baseBackoffMs: 20 },
      });
      // One request at a time: any request during a penalty would be the client's doing, not a
      // race with a request already on its way.
      for (let i = 0; i < 7; i++) {
        expect(await client.getJson('/restapi/v1.0/account/~/call-log', { query: { perPage: 5 } })).toHaveProperty('records');
      }
      const heavy = sim.requests.filter((r) => r.group === 'Heavy');
      const limited = heavy.filter((r) => r.status === 429);
      expect(heavy.filter((r) => r.status === 200)).toHaveLength(7);
      expect(limited.length).toBeGreaterThan(0);
      expect(waits.some((w) => w.reason === 'rate-limited' && w.group === 'Heavy')).toBe(true);
      for (const refusal of limited) {
        const duringPenalty = heavy.filter((r) => r.at > refusal.at && r.at < refusal.at + 1_000);
        expect(duringPenalty).toEqual([]);
      }
    } finally {
      await sim.stop();
    }
  });

  it('paces by the announced budget and avoids 429s altogether', async () => {
    const sim = await startSimulator({ seed: 3, calls: 60, days: 3, rateLimits: { Heavy: { limit: 3, windowSeconds: 1, penaltySeconds: 1 } } });
    try {
      const client = clientFor(sim, tempTokenFile());
      for (let i = 0; i < 8; i++) await client.getJson('/restapi/v1.0/account/~/call-log', { query: { perPage: 5 } });
      const heavy = sim.requests.filter((r) => r.group === 'Heavy');
      expect(heavy).toHaveLength(8);
      expect(heavy.every((r) => r.status === 200)).toBe(true);
    } finally {
      await sim.stop();
    }
  });

  it('does not slow down when the rate limits are off', async () => {
    const sim = await startSimulator({ seed: 3, calls: 60, days: 3, rateLimits: 'off' });
    try {
      const waits: WaitEvent[] = [];
      const client = clientFor(sim, tempTokenFile(), { onWait: (event) => waits.push(event) });
      const started = Date.now();
      for (let i = 0; i < 30; i++) await client.getJson('/restapi/v1.0/account/~/call-log', { query: { perPage: 1 } });
      expect(waits).toEqual([]);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await sim.stop();
    }
  });

  describe('faults', () => {
    let sim: Simulator;
    const tokenFiles: string[] = [];
    const errors: Error[] = [];
    const client = (extra: Partial<RingCentralClientOptions> = {}) => {
      const file = tempTokenFile();
      tokenFiles.push(file);
      return clientFor(sim, file, extra);
    };
    beforeAll(async () => {
      sim = await startSimulator({ seed: 5, calls: 60, days: 3 });
    });
    afterAll(async () => {
      sim.faults.clear();
      // No message of any error forced here shows a secret.
      const secrets = secretsOf(sim, tokenFiles);
      expect(secrets.length).toBeGreaterThan(2);
      for (const error of errors) {
        for (const secret of secrets) {
          expect(error.message).not.toContain(secret);
          expect(JSON.stringify({ ...error, stack: error.stack })).not.toContain(secret);
        }
      }
      expect(errors.length).toBeGreaterThanOrEqual(4);
      await sim.stop();
    });

    it('retries a burst of 5xx and succeeds', async () => {
      const c = client();
      await c.ensureSession();
      const mark = sim.requests.length;
      sim.faults.failNext(3, { status: 503, pathPrefix: '/restapi/v1.0/account/~/call-log' });
      const body = await c.getJson('/restapi/v1.0/account/~/call-log', { query: { perPage: 2 } });
      expect(body).toHaveProperty('records');
      expect(sim.requests.slice(mark).map((r) => r.status)).toEqual([503, 503, 503, 200]);
    });

    it('gives up on endless 5xx with TryAgainLaterError', async () => {
      const c = client({ maxRetries: 2 });
      await c.ensureSession();
      sim.faults.failNext(10, { status: 500, pathPrefix: '/restapi/v1.0/account/~/call-log' });
      const error = await failureOf(c.getJson('/restapi/v1.0/account/~/call-log'));
      sim.faults.clear();
      errors.push(error);
      expect(error).toBeInstanceOf(TryAgainLaterError);
      expect(error.message).toBe('RingCentral kept answering HTTP 500 (Heavy) after 3 attempts; try again later');
    });

    it('retries dropped connections, before the headers and in the middle of the body', async () => {
      const c = client();
      await c.ensureSession();
      sim.faults.dropNext(1, { at: 'before-headers', pathPrefix: '/restapi/v1.0/account/~/call-log' });
      sim.faults.dropNext(1, { at: 'mid-body', pathPrefix: '/restapi/v1.0/account/~/call-log' });
      const mark = c.requestCount;
      const body = await c.getJson('/restapi/v1.0/account/~/call-log', { query: { perPage: 50 } });
      expect(body).toHaveProperty('records');
      expect(c.requestCount - mark).toBe(3);
    });

    it('retries a slow response past the timeout, then gives up with TryAgainLaterError', async () => {
      const c = client({ requestTimeoutMs: 300, maxRetries: 1 });
      await c.ensureSession();
      sim.faults.delay(1_500, { pathPrefix: '/restapi/v1.0/account/~/call-log' });
      const mark = c.requestCount;
      const started = Date.now();
      const error = await failureOf(c.getJson('/restapi/v1.0/account/~/call-log'));
      sim.faults.delay(0);
      errors.push(error);
      expect(error).toBeInstanceOf(TryAgainLaterError);
      expect(error.message).toMatch(/no answer within 0.3 s \(Heavy\) after 2 attempts; try again later/);
      expect(c.requestCount - mark).toBe(2);
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it('retries a garbled JSON body, and reports one that stays garbled as InvalidResponseError', async () => {
      const c = client({ maxRetries: 2 });
      await c.ensureSession();
      sim.faults.malformNext(1, { pathPrefix: '/restapi/v1.0/account/~/call-log' });
      expect(await c.getJson('/restapi/v1.0/account/~/call-log', { query: { perPage: 2 } })).toHaveProperty('records');
      sim.faults.malformNext(5, { pathPrefix: '/restapi/v1.0/account/~/call-log' });
      const error = await failureOf(c.getJson('/restapi/v1.0/account/~/call-log'));
      sim.faults.clear();
      errors.push(error);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(error.message).toMatch(/invalid JSON/);
    });

    it('does not retry a 400 and reports it as ApiError with RingCentral’s errorCode', async () => {
      const c = client();
      await c.ensureSession();
      const mark = sim.requests.length;
      const error = await failureOf(c.getJson('/restapi/v1.0/account/~/call-log', { query: { dateFrom: 'not-a-date' } }));
      errors.push(error);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(400);
      expect((error as ApiError).errorCode).toBe('CMN-101');
      expect(sim.requests.slice(mark)).toHaveLength(1);
    });

    it('stops at once when the caller aborts, without retrying', async () => {
      const c = client();
      await c.ensureSession();
      sim.faults.delay(2_000, { pathPrefix: '/restapi/v1.0/account/~/call-log' });
      const mark = c.requestCount;
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('interrupted by the user')), 100);
      const started = Date.now();
      const error = await failureOf(c.getJson('/restapi/v1.0/account/~/call-log', { signal: controller.signal }));
      sim.faults.delay(0);
      errors.push(error);
      expect(error.message).toBe('interrupted by the user');
      expect(Object.keys(error)).not.toContain('request');
      expect(c.requestCount - mark).toBe(1);
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it('refuses to send the token to a foreign host', async () => {
      const c = client();
      const error = await failureOf(c.get('https://media.example.com/restapi/v1.0/account/1/recording/2/content'));
      errors.push(error);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(error.message).toMatch(/refusing to send the RingCentral token to media\.example\.com/);
    });
  });
});
