import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { readExample as example } from '../helpers/ringcentral-fixtures.js';
import { SpecValidator, errorsOf } from './openapi.js';

const CALL_LOG = '/restapi/v1.0/account/{accountId}/call-log';
const EXTENSION_CALL_LOG = '/restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log';
const CALL_LOG_RECORD = '/restapi/v1.0/account/{accountId}/call-log/{callRecordId}';
const RECORDING = '/restapi/v1.0/account/{accountId}/recording/{recordingId}';
const INSIGHTS = '/ai/ringsense/v1/public/accounts/{accountId}/domains/{domain}/records/{sourceRecordId}/insights';
const PERMISSION_CHECK = '/restapi/v1.0/account/{accountId}/extension/{extensionId}/authz-profile/check';

let spec: SpecValidator;
let sim: Simulator;
let token: string;
let clock = Date.parse('2026-10-01T20:00:00Z');

beforeAll(async () => {
  spec = new SpecValidator();
  sim = await startSimulator({ calls: 400, days: 2, seed: 7, now: () => clock, rateLimits: { Heavy: { limit: 1000, windowSeconds: 60 } } });
  const login = await postToken({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: sim.credentials.jwt });
  token = ((await login.json()) as { access_token: string }).access_token;
});
afterAll(async () => {
  await sim.stop();
});

function postToken(form: Record<string, string>, secret = sim.credentials.clientSecret) {
  return fetch(`${sim.url}/restapi/oauth/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${sim.credentials.clientId}:${secret}`).toString('base64')}`,
    },
    body: new URLSearchParams(form).toString(),
  });
}

async function get(path: string, query: Record<string, string> = {}, auth: string | null = token) {
  const url = new URL(path, sim.url);
  for (const [k, v] of Object.entries(query)) url.searchParams.append(k, v);
  const response = await fetch(url, { headers: auth ? { Authorization: `Bearer ${auth}` } : {} });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

function expectValid(validate: ReturnType<SpecValidator['schema']>, body: unknown) {
  const ok = validate(body);
  expect(errorsOf(validate), 'schema errors').toEqual([]);
  expect(ok).toBe(true);
}

describe('the validator itself', () => {
  it('accepts the official call-log and error examples', () => {
    expectValid(spec.response(CALL_LOG, 'get', 200), example('call-log-list-simple.json'));
    expectValid(spec.response(CALL_LOG, 'get', 200), example('call-log-list-detailed.json'));
    expectValid(spec.schema('CallLogRecord'), example('call-log-record-simple-with-recording.json'));
    expectValid(spec.namedResponse('Forbidden'), example('error-403-insufficient-permissions-ReadCallLog.json'));
  });

  it('flags exactly the known deviations of the older official examples from the current spec', () => {
    // The RingSense example has `accountId: null` for the external speaker, which the spec's `type: string` forbids.
    const insights = spec.response(INSIGHTS, 'get', 200);
    expect(insights(example('ringsense-insights-pbx.json'))).toBe(false);
    expect(errorsOf(insights).map((e) => e.split(' ')[0])).toEqual(['/speakerInfo/1/accountId', '/speakerInfo/1/extensionId']);
    // The 2013 call-log-sync examples predate the now-required `sessionId`.
    const sync = spec.schema('CallLogSyncResponse');
    expect(sync(example('call-log-sync-isync.json'))).toBe(false);
    expect(errorsOf(sync)).toEqual([expect.stringContaining("must have required property 'sessionId'")]);
  });

  it('rejects a record with a wrong type', () => {
    const body = example('call-log-list-simple.json') as { records: Array<Record<string, unknown>> };
    (body.records[0] as Record<string, unknown>).startTime = 12345;
    const validate = spec.response(CALL_LOG, 'get', 200);
    expect(validate(body)).toBe(false);
    expect(errorsOf(validate)[0]).toContain('/records/0/startTime must be string');
  });
});

describe('simulator responses validate against the OpenAPI spec', () => {
  it('token: TokenInfo, and OAuth errors for a bad grant and a bad client', async () => {
    const ok = await postToken({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: sim.credentials.jwt, access_token_ttl: '900' });
    expect(ok.status).toBe(200);
    const info = (await ok.json()) as Record<string, unknown>;
    expectValid(spec.schema('TokenInfo'), info);
    expect(info.expires_in).toBe(900);
    expect(info.token_type).toBe('bearer');

    const badGrant = await postToken({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'not.the.jwt' });
    expect(badGrant.status).toBe(400);
    const badGrantBody = (await badGrant.json()) as { error: string; errors: Array<{ errorCode: string }> };
    expectValid(spec.namedResponse('OauthInvalidRequest'), badGrantBody);
    expect(badGrantBody.error).toBe('invalid_grant');
    expect(badGrantBody.errors[0]?.errorCode).toMatch(/^OAU-\d+$/);

    const badClient = await postToken({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: sim.credentials.jwt }, 'wrong');
    expect(badClient.status).toBe(401);
    const badClientBody = (await badClient.json()) as { error: string };
    expectValid(spec.namedResponse('OauthInvalidRequest'), badClientBody);
    expect(badClientBody.error).toBe('invalid_client');

    const refresh = await postToken({ grant_type: 'refresh_token', refresh_token: 'bogus' });
    expect(refresh.status).toBe(400);
    expectValid(spec.namedResponse('OauthInvalidRequest'), await refresh.json());
  });

  it('call log: Simple and Detailed lists, the extension-level list and a single record', async () => {
    const window = { dateFrom: new Date(clock - 2 * 86_400_000).toISOString(), dateTo: new Date(clock).toISOString(), perPage: '200' };
    const simple = await get('/restapi/v1.0/account/~/call-log', window);
    expect(simple.status).toBe(200);
    expectValid(spec.response(CALL_LOG, 'get', 200), simple.body);
    const simpleRecords = simple.body.records as Array<Record<string, unknown>>;
    expect(simpleRecords.length).toBe(200);
    expect(simpleRecords.some((r) => 'legs' in r)).toBe(false);

    const detailed = await get('/restapi/v1.0/account/~/call-log', { ...window, view: 'Detailed' });
    expectValid(spec.response(CALL_LOG, 'get', 200), detailed.body);
    const records = detailed.body.records as Array<{ legs: Array<{ recording?: { id: string } }>; recording?: { id: string }; lastModifiedTime: string }>;
    expect(records.every((r) => r.legs.length >= 1 && typeof r.lastModifiedTime === 'string')).toBe(true);
    // Transfers: two legs, each with its own recording; the record repeats the first leg's.
    const transfer = records.find((r) => r.legs.length === 2 && r.legs.every((leg) => leg.recording));
    expect(transfer).toBeDefined();
    expect(transfer?.recording?.id).toBe(transfer?.legs[0]?.recording?.id);
    expect(transfer?.legs[0]?.recording?.id).not.toBe(transfer?.legs[1]?.recording?.id);

    const extension = await get('/restapi/v1.0/account/~/extension/~/call-log', { ...window, view: 'Detailed', recordingType: 'All', perPage: '50' });
    expectValid(spec.response(EXTENSION_CALL_LOG, 'get', 200), extension.body);

    const one = await get(`/restapi/v1.0/account/~/call-log/${String((records[0] as unknown as { id: string }).id)}`, { view: 'Detailed' });
    expect(one.status).toBe(200);
    expectValid(spec.response(CALL_LOG_RECORD, 'get', 200), one.body);
  });

  it('recording metadata and RingSense insights (all types and a subset)', async () => {
    const recorded = [...sim.account.recordingIds(clock - 2 * 86_400_000, clock)];
    const id = recorded.find((r) => (sim.account.insightsAvailableAt(r) ?? Infinity) < clock) as string;
    expect(id).toBeDefined();
    const metadata = await get(`/restapi/v1.0/account/~/recording/${id}`);
    expectValid(spec.response(RECORDING, 'get', 200), metadata.body);

    const all = await get(`/ai/ringsense/v1/public/accounts/~/domains/pbx/records/${id}/insights`);
    expect(all.status).toBe(200);
    expectValid(spec.response(INSIGHTS, 'get', 200), all.body);
    expect(Object.keys(all.body.insights as object).sort()).toEqual(['AIScore', 'BulletedSummary', 'CallNotes', 'Highlights', 'NextSteps', 'Sentiment', 'Summary', 'Transcript']);
    const some = await get(`/ai/ringsense/v1/public/accounts/~/domains/pbx/records/${id}/insights`, { insightTypes: 'Summary,Sentiment' });
    expectValid(spec.response(INSIGHTS, 'get', 200), some.body);
    expect(Object.keys(some.body.insights as object).sort()).toEqual(['Sentiment', 'Summary']);
  });

  it('AI Notes before the full analysis, and an owner without a licence (404 RAH-3001)', async () => {
    const staged = await startSimulator({ calls: 200, days: 2, seed: 9, now: () => clock, twoStageShare: 1, fullAnalysisDelaySeconds: 3600 });
    try {
      const login = await fetch(`${staged.url}/restapi/oauth/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${staged.credentials.clientId}:${staged.credentials.clientSecret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: staged.credentials.jwt }),
      });
      const access = ((await login.json()) as { access_token: string }).access_token;
      const ask = async (id: string) => {
        const response = await fetch(`${staged.url}/ai/ringsense/v1/public/accounts/~/domains/pbx/records/${id}/insights`, { headers: { Authorization: `Bearer ${access}` } });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      const ids = [...staged.account.recordingIds(clock - 2 * 86_400_000, clock)];
      const notes = ids.find((r) => (staged.account.insightsAvailableAt(r) ?? Infinity) <= clock && staged.account.transcriptAvailableAt(r)! > clock) as string;
      const first = await ask(notes);
      expect(first.status).toBe(200);
      expectValid(spec.response(INSIGHTS, 'get', 200), first.body);
      expect(Object.keys(first.body.insights as object).sort()).toEqual(['BulletedSummary', 'CallNotes', 'NextSteps', 'Summary']);

      const full = ids.find((r) => (staged.account.transcriptAvailableAt(r) ?? Infinity) <= clock) as string;
      const owner = staged.account.recordingOwner(full)!;
      expect(Object.keys((await ask(full)).body.insights as object)).toContain('Transcript');
      staged.setExtensionLicensed(owner, false);
      // A licence removed now does not take back what calls made while licensed have.
      expect((await ask(full)).status).toBe(200);
      expect(staged.account.unlicensedExtensions()).toEqual([owner]);
    } finally {
      await staged.stop();
    }
    const unlicensed = await startSimulator({ calls: 200, days: 2, seed: 9, now: () => clock, unlicensedShare: 1 });
    try {
      const id = [...unlicensed.account.recordingIds(clock - 2 * 86_400_000, clock)].find((r) => unlicensed.account.recording(r)!.durationMs > 60_000) as string;
      expect(unlicensed.account.insightsAvailableAt(id)).toBeNull();
      expect(unlicensed.account.unlicensedExtensions().length).toBe(12);
    } finally {
      await unlicensed.stop();
    }
  });

  it('the user-permission check (authz-profile/check)', async () => {
    const held = await get('/restapi/v1.0/account/~/extension/~/authz-profile/check', { permissionId: 'ReadRingSenseInsights' });
    expect(held.status).toBe(200);
    expectValid(spec.response(PERMISSION_CHECK, 'get', 200), held.body);
    expect(held.body).toMatchObject({ successful: true, details: { permission: { id: 'ReadRingSenseInsights' } } });
    sim.setRingSense({ userPermission: false });
    const lacking = await get('/restapi/v1.0/account/~/extension/~/authz-profile/check', { permissionId: 'ReadRingSenseInsights' });
    sim.setRingSense({ userPermission: true });
    expectValid(spec.response(PERMISSION_CHECK, 'get', 200), lacking.body);
    expect(lacking.body.successful).toBe(false);
  });

  it('error bodies: 400, 401, 403 (RAH-3005, CMN-401, content CMN-408), 404 (RAH-3001, AGW-404, content), 416, 429, 503', async () => {
    const badDate = await get('/restapi/v1.0/account/~/call-log', { dateFrom: 'yesterday' });
    expect(badDate.status).toBe(400);
    expectValid(spec.response(CALL_LOG, 'get', 400), badDate.body);
    expect(badDate.body.message).toBe('Parameter [dateFrom] value is invalid');

    const noToken = await get('/restapi/v1.0/account/~/call-log', {}, null);
    expect(noToken.status).toBe(401);
    expectValid(spec.namedResponse('Unauthorized'), noToken.body);
    const badToken = await get('/restapi/v1.0/account/~/call-log', {}, 'not-a-token');
    expect(badToken.status).toBe(401);
    expectValid(spec.namedResponse('Unauthorized'), badToken.body);

    const ids = [...sim.account.recordingIds(clock - 2 * 86_400_000, clock)];
    const recent = ids.find((r) => (sim.account.insightsAvailableAt(r) ?? -Infinity) > clock) as string;
    const notYet = await get(`/ai/ringsense/v1/public/accounts/~/domains/pbx/records/${recent}/insights`);
    expect(notYet.status).toBe(404);
    expectValid(spec.response(INSIGHTS, 'get', 404), notYet.body);
    expect((notYet.body.errors as Array<{ errorCode: string }>)[0]?.errorCode).toBe('RAH-3001');

    // The two 403s and the moved route, each in RingCentral's error shape with its own code.
    const ringSense = [
      { change: { userPermission: false }, status: 403, code: 'RAH-3005' },
      { change: { scope: false }, status: 403, code: 'CMN-401' },
      { change: { routeMoved: true }, status: 404, code: 'AGW-404' },
    ] as const;
    for (const { change, status, code } of ringSense) {
      sim.setRingSense(change);
      const refused = await get(`/ai/ringsense/v1/public/accounts/~/domains/pbx/records/${recent}/insights`);
      sim.setRingSense({ userPermission: true, scope: true, routeMoved: false });
      expect(refused.status).toBe(status);
      expectValid(spec.response(INSIGHTS, 'get', status), refused.body);
      expect((refused.body.errors as Array<{ errorCode: string }>)[0]?.errorCode).toBe(code);
    }
    const unknownRoute = await get('/restapi/v1.0/account/~/no-such-thing');
    expect(unknownRoute.status).toBe(404);
    expectValid(spec.namedResponse('NotFound'), unknownRoute.body);
    expect(unknownRoute.body.errorCode).toBe('AGW-404');

    sim.purgeRecording(ids[0] as string);
    const purged = await get(`/restapi/v1.0/account/~/recording/${ids[0]}/content`);
    expect(purged.status).toBe(404);
    expectValid(spec.namedResponse('NotFound'), purged.body);

    const owner = sim.account.recording(ids[2] as string)!.extensionId;
    sim.setContentForbidden(owner, true);
    const refused = await get(`/restapi/v1.0/account/~/recording/${ids[2]}/content`);
    sim.setContentForbidden(owner, false);
    expect(refused.status).toBe(403);
    expectValid(spec.namedResponse('Forbidden'), refused.body);
    expect((refused.body.errors as Array<{ errorCode: string }>)[0]?.errorCode).toBe('CMN-408');

    const beyond = await fetch(`${sim.url}/restapi/v1.0/account/~/recording/${ids[1]}/content`, { headers: { Authorization: `Bearer ${token}`, Range: 'bytes=99999999-' } });
    expect(beyond.status).toBe(416);
    expectValid(spec.schema('ApiErrorResponseModel'), await beyond.json());

    sim.faults.failNext(1, { status: 503, retryAfterSeconds: 2 });
    const unavailable = await get('/restapi/v1.0/account/~/call-log');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('2');
    expectValid(spec.namedResponse('ServiceNotAvailable'), unavailable.body);
  });

  it('what live accounts answer: no refresh token, rejected tokens, refused refreshes and clients, 416 by option, a RingSense throttle', async () => {
    const field = await startSimulator({ calls: 20, seed: 3, issueRefreshTokens: false, ringSenseThrottle: { limit: 1, windowSeconds: 60, retryAfterSeconds: 7 } });
    const post = (form: Record<string, string>) =>
      fetch(`${field.url}/restapi/oauth/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${field.credentials.clientId}:${field.credentials.clientSecret}`).toString('base64')}` },
        body: new URLSearchParams(form),
      });
    const login = async () => {
      const response = await post({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: field.credentials.jwt });
      return (await response.json()) as Record<string, unknown>;
    };
    const bearer = (access: unknown) => ({ headers: { Authorization: `Bearer ${String(access)}` } });
    try {
      const noRefresh = await login();
      expectValid(spec.schema('TokenInfo'), noRefresh);
      expect(noRefresh).not.toHaveProperty('refresh_token');
      expect(noRefresh).not.toHaveProperty('refresh_token_expires_in');

      for (const code of ['OAU-213', 'OAU-129'] as const) {
        field.faults.rejectTokenNext(1, { code });
        const rejected = await fetch(`${field.url}/restapi/v1.0/account/~/call-log`, bearer((await login()).access_token));
        expect(rejected.status).toBe(401);
        const body = (await rejected.json()) as { errors: Array<{ errorCode: string }> };
        expectValid(spec.namedResponse('Unauthorized'), body);
        expect(body.errors[0]?.errorCode).toBe(code);
      }

      field.setIssueRefreshTokens(true);
      for (const code of ['OAU-210', 'OAU-211', 'OAU-213'] as const) {
        field.faults.refuseRefreshNext(1, code);
        const refused = await post({ grant_type: 'refresh_token', refresh_token: String((await login()).refresh_token) });
        expect(refused.status).toBe(400);
        const body = (await refused.json()) as { error: string; errors: Array<{ errorCode: string }> };
        expectValid(spec.namedResponse('OauthInvalidRequest'), body);
        expect(body).toMatchObject({ error: 'invalid_grant', errors: [{ errorCode: code }] });
      }

      const access = (await login()).access_token;
      field.refuseClient('OAU-146');
      const disabled = await post({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: field.credentials.jwt });
      field.refuseClient(null);
      expect(disabled.status).toBe(401);
      const disabledBody = await disabled.json();
      expectValid(spec.namedResponse('OauthInvalidRequest'), disabledBody);
      expect(disabledBody).toMatchObject({ error: 'invalid_client', errors: [{ errorCode: 'OAU-146' }] });

      const recordingId = [...field.account.recordingIds()][0] as string;
      field.faults.rangeNotSatisfiableNext(1);
      const content = `${field.url}/restapi/v1.0/account/~/recording/${recordingId}/content`;
      const refusedRange = await fetch(content, { headers: { ...bearer(access).headers, Range: 'bytes=10-' } });
      expect(refusedRange.status).toBe(416);
      const rangeBody = (await refusedRange.json()) as { errors: Array<{ errorCode: string }> };
      expectValid(spec.schema('ApiErrorResponseModel'), rangeBody);
      expect(rangeBody.errors[0]?.errorCode).toBe('CMN-107');
      expect((await fetch(content, { headers: { ...bearer(access).headers, Range: 'bytes=10-' } })).status).toBe(206);

      const insights = `${field.url}/ai/ringsense/v1/public/accounts/~/domains/pbx/records/${recordingId}/insights`;
      await fetch(insights, bearer(access));
      const throttled = await fetch(insights, bearer(access));
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('7');
      const throttledBody = (await throttled.json()) as { errors: Array<{ errorCode: string }> };
      expectValid(spec.namedResponse('TooManyRequests'), throttledBody);
      expect(throttledBody.errors[0]?.errorCode).toBe('CMN-301');
    } finally {
      await field.stop();
    }
  });

  it('429 body and headers', async () => {
    const limited = await startSimulator({ calls: 10, rateLimits: { Light: { limit: 1, windowSeconds: 60, penaltySeconds: 30 } } });
    try {
      const login = await fetch(`${limited.url}/restapi/oauth/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${limited.credentials.clientId}:${limited.credentials.clientSecret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: limited.credentials.jwt }),
      });
      const access = ((await login.json()) as { access_token: string }).access_token;
      const path = `${limited.url}/ai/ringsense/v1/public/accounts/~/domains/pbx/records/1/insights`;
      await fetch(path, { headers: { Authorization: `Bearer ${access}` } });
      const second = await fetch(path, { headers: { Authorization: `Bearer ${access}` } });
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('30');
      expect(second.headers.get('x-rate-limit-group')).toBe('light');
      const body = (await second.json()) as { errors: Array<{ errorCode: string; message: string }> };
      expectValid(spec.namedResponse('TooManyRequests'), body);
      expect(body.errors[0]).toEqual({ errorCode: 'CMN-301', message: 'Request rate exceeded' });
    } finally {
      await limited.stop();
    }
  });

  it('the invalid-record fault produces a page the spec rejects', async () => {
    sim.faults.invalidRecordNext(1, 'recording-id-missing');
    const broken = await get('/restapi/v1.0/account/~/call-log', { view: 'Detailed', recordingType: 'All', dateFrom: new Date(clock - 86_400_000).toISOString() });
    const validate = spec.response(CALL_LOG, 'get', 200);
    expect(validate(broken.body)).toBe(false);
    expect(errorsOf(validate).join('\n')).toContain("must have required property 'id'");
    const next = await get('/restapi/v1.0/account/~/call-log', { view: 'Detailed', recordingType: 'All', dateFrom: new Date(clock - 86_400_000).toISOString() });
    expectValid(validate, next.body);
  });
});
