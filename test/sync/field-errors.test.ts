import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../src/simulator/index.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { type Scenario, expectRecovered, prepare, undisturbed } from './helpers/scenario.js';
import { cliWithHooks } from './helpers/run-sync.js';
import { queryValue, snapshotDatabase } from './helpers/snapshot.js';
import { BUSY_ANCHOR, CALL_LOG_PATH, HOUR, INSIGHTS_PREFIX, iso } from './helpers/simulator.js';
import { logins, rejectedRequests, tokenGrants } from './helpers/tokens.js';

const tempDir = useTempDirs();

/** One page of calls and their transcripts: a backfill that every run of the scenario repeats. */
const SMALL: Scenario = {
  simulator: { seed: 21, calls: 500 },
  args: ['sync', '--since', iso(BUSY_ANCHOR - 5 * HOUR), '--until', iso(BUSY_ANCHOR - HOUR), '--json'],
};

const grantsOf = (run: { sim: Parameters<typeof tokenGrants>[0] }, since = 0) =>
  tokenGrants(run.sim, since).map((g) => `${g.grant} ${g.status}${g.errorCode ? ` ${g.errorCode}` : ''}`);

/** After each refusal at `t` (429, or 503 with Retry-After), no request of `requests` arrives before `t + waitMs` (in-flight ones aside). */
function expectWaitedAfter(refusals: RequestLogEntry[], requests: RequestLogEntry[], waitMs: number): void {
  for (const refusal of refusals) {
    const during = requests.filter((r) => r.at > refusal.at + 150 && r.at < refusal.at + waitMs - 50);
    expect(during, `requests sent within Retry-After of the refusal at ${refusal.at}`).toEqual([]);
  }
}

describe('401 for a token RingCentral stopped accepting: the session is renewed once and the request sent again (SQLite only: the RingCentral session; on PostgreSQL in the fault matrix)', () => {
  it('OAU-213 (its session was rotated out) during transcripts: the refused refresh falls back to one JWT login', async () => {
    const reference = await undisturbed(SMALL, tempDir());
    const run = await prepare(SMALL, tempDir());
    run.sim.faults.rejectTokenNext(1, { code: 'OAU-213', pathPrefix: INSIGHTS_PREFIX });
    const disturbed = await run.sync();
    expect(disturbed.exitCode, disturbed.stderr).toBe(0);
    // Requests already on their way with the same token meet the same 401: still one renewal.
    const rejected = rejectedRequests(run.sim);
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(rejected.every((r) => r.errorCode === 'OAU-213' && r.path.startsWith(INSIGHTS_PREFIX))).toBe(true);
    expect(grantsOf(run)).toEqual(['jwt 200', 'refresh_token 400 OAU-213', 'jwt 200']);
    await expectRecovered(run, reference);
  });

  it('OAU-213 without refresh tokens: one JWT login', async () => {
    const scenario: Scenario = { ...SMALL, simulator: { ...SMALL.simulator, issueRefreshTokens: false } };
    const reference = await undisturbed(scenario, tempDir());
    const run = await prepare(scenario, tempDir());
    run.sim.faults.rejectTokenNext(1, { code: 'OAU-213', pathPrefix: CALL_LOG_PATH });
    const disturbed = await run.sync();
    expect(disturbed.exitCode, disturbed.stderr).toBe(0);
    expect(rejectedRequests(run.sim).map((r) => `${r.path} ${r.errorCode}`)).toEqual([`${CALL_LOG_PATH} OAU-213`]);
    expect(grantsOf(run)).toEqual(['jwt 200', 'jwt 200']);
    await expectRecovered(run, reference);
  });

  it('OAU-129 (access token corrupted) on the call log: one refresh, no login', async () => {
    const reference = await undisturbed(SMALL, tempDir());
    const run = await prepare(SMALL, tempDir());
    run.sim.faults.rejectTokenNext(1, { code: 'OAU-129', pathPrefix: CALL_LOG_PATH });
    const disturbed = await run.sync();
    expect(disturbed.exitCode, disturbed.stderr).toBe(0);
    expect(rejectedRequests(run.sim).map((r) => `${r.path} ${r.errorCode}`)).toEqual([`${CALL_LOG_PATH} OAU-129`]);
    expect(grantsOf(run)).toEqual(['jwt 200', 'refresh_token 200']);
    expect(run.sim.requests.filter((r) => r.path === CALL_LOG_PATH).map((r) => r.status)).toEqual([401, 200]);
    await expectRecovered(run, reference);
  });
});

describe('400 invalid_grant on refresh: log in with the JWT (SQLite only: the RingCentral session; on PostgreSQL in the fault matrix)', () => {
  for (const code of ['OAU-210', 'OAU-211', 'OAU-213'] as const) {
    it(`${code}: one login, and the next renewal refreshes with the new refresh token`, async () => {
      const reference = await undisturbed(SMALL, tempDir(), [SMALL.args, SMALL.args, SMALL.args]);
      const run = await prepare(SMALL, tempDir());
      expect((await run.sync()).exitCode).toBe(0);
      run.sim.faults.refuseRefreshNext(1, code);
      run.sim.expireAccessTokens();
      const refused = await run.sync();
      expect(refused.exitCode, refused.stderr).toBe(0);
      expect(grantsOf(run)).toEqual(['jwt 200', `refresh_token 400 ${code}`, 'jwt 200']);

      run.sim.expireAccessTokens();
      const next = await run.sync();
      expect(next.exitCode, next.stderr).toBe(0);
      expect(grantsOf(run)).toEqual(['jwt 200', `refresh_token 400 ${code}`, 'jwt 200', 'refresh_token 200']);
      await expectRecovered(run, reference);
    });
  }
});

describe('401 invalid_client: exit 3 with RingCentral’s reason, nothing lost (SQLite only: the RingCentral session; on PostgreSQL in the fault matrix)', () => {
  it('OAU-146 on a refresh: no login is tried after it', async () => {
    const reference = await undisturbed(SMALL, tempDir(), [SMALL.args, SMALL.args]);
    const run = await prepare(SMALL, tempDir());
    expect((await run.sync()).exitCode).toBe(0);
    const before = (await snapshotDatabase(run.db));
    run.sim.refuseClient('OAU-146');
    run.sim.expireAccessTokens();
    const mark = run.sim.requests.length;
    const refused = await run.sync();
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toMatch(/^recordings: RingCentral refused the credentials \(HTTP 401, OAU-146\): Application is not active$/m);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(grantsOf(run, mark)).toEqual(['refresh_token 401 OAU-146']);
    expect((await snapshotDatabase(run.db))).toEqual(before);
    expect((await queryValue(run.db, 'SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1'))).toBe('failed');

    run.sim.refuseClient(null);
    await expectRecovered(run, reference);
  });

  it('OAU-153 (a wrong client secret) on the first login: one token request, nothing stored', async () => {
    const reference = await undisturbed(SMALL, tempDir());
    const run = await prepare(SMALL, tempDir());
    const wrong = 'Not-The-Client-Secret-1';
    const refused = await cliWithHooks(SMALL.args, { ...run.env, RC_APP_CLIENT_SECRET: wrong }, { now: () => new Date(BUSY_ANCHOR) });
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toMatch(/^recordings: RingCentral refused the credentials \(HTTP 401, OAU-153\): Invalid client: /m);
    expect(refused.stderr).not.toContain(wrong);
    expect(grantsOf(run)).toEqual(['jwt 401 OAU-153']);
    expect(run.sim.requests.filter((r) => r.path !== '/restapi/oauth/token')).toEqual([]);
    expect((await queryValue(run.db, 'SELECT count(*) FROM recordings'))).toBe(0);
    await expectRecovered(run, reference);
  });
});

describe('RingCentral asks to wait (SQLite only: the RingCentral session; on PostgreSQL in the fault matrix)', () => {
  it('503 CMN-201 with Retry-After, on the call log and on RingSense: the group waits as asked, then goes on', async () => {
    const scenario: Scenario = { ...SMALL, runningClock: true };
    const reference = await undisturbed(scenario, tempDir());
    const run = await prepare(scenario, tempDir());
    run.sim.faults.failNext(1, { status: 503, retryAfterSeconds: 1, pathPrefix: CALL_LOG_PATH });
    run.sim.faults.failNext(1, { status: 503, retryAfterSeconds: 1, pathPrefix: INSIGHTS_PREFIX });
    const disturbed = await run.sync();
    expect(disturbed.exitCode, disturbed.stderr).toBe(0);
    const unavailable = run.sim.requests.filter((r) => r.status === 503);
    expect(unavailable.map((r) => r.errorCode)).toEqual(['CMN-201', 'CMN-201']);
    const callLog = run.sim.requests.filter((r) => r.path === CALL_LOG_PATH);
    expect(callLog.map((r) => r.status)).toEqual([503, 200]);
    expect(callLog[1]!.at - callLog[0]!.at).toBeGreaterThanOrEqual(950);
    const insights = run.sim.requests.filter((r) => r.path.startsWith(INSIGHTS_PREFIX));
    expectWaitedAfter(
      insights.filter((r) => r.status === 503),
      insights,
      1000,
    );
    await expectRecovered(run, reference);
  });

  it('RingSense throttled below 50 a minute: Retry-After is followed, every transcript arrives', async () => {
    const scenario: Scenario = { ...SMALL, runningClock: true };
    const reference = await undisturbed(scenario, tempDir());
    const run = await prepare({ ...scenario, simulator: { ...scenario.simulator, ringSenseThrottle: { limit: 15, windowSeconds: 1, retryAfterSeconds: 1 } } }, tempDir());
    const disturbed = await run.sync();
    expect(disturbed.exitCode, disturbed.stderr).toBe(0);
    const insights = run.sim.requests.filter((r) => r.path.startsWith(INSIGHTS_PREFIX));
    const throttled = insights.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every((r) => r.errorCode === 'CMN-301')).toBe(true);
    expectWaitedAfter(throttled, insights, 1000);
    // Each refused request was sent again once the wait was over; nothing else was.
    const due = JSON.parse(disturbed.stdout).transcripts as { fetched: number; pending: number; unavailable: number };
    expect(due.fetched).toBeGreaterThan(15);
    expect(insights).toHaveLength(due.fetched + due.pending + due.unavailable + throttled.length);
    expect(logins(run.sim)).toHaveLength(1);
    await expectRecovered(run, reference);
  });
});
