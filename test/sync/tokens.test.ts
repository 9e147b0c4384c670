import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { spawnCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { expectedRecordings } from './helpers/expected.js';
import { type Scenario, expectRecovered, prepare, undisturbed } from './helpers/scenario.js';
import { queryValue } from './helpers/snapshot.js';
import { ANCHOR, BUSY_ANCHOR, HOUR, TestClock, databasePath, iso, startTestSimulator, syncEnv } from './helpers/simulator.js';
import { type TokenGrant, logins, rejectedRequests, storedSession, tokenFileOf, tokenGrants } from './helpers/tokens.js';

const tempDir = useTempDirs();

/** One page of calls and their transcripts: a backfill that every run of the scenario repeats. */
const SMALL: Scenario = {
  simulator: { seed: 21, calls: 500 },
  args: ['sync', '--since', iso(BUSY_ANCHOR - 5 * HOUR), '--until', iso(BUSY_ANCHOR - HOUR), '--json'],
};

/**
 * At most one renewal per access-token lifetime, plus one for each token RingCentral rejects: a
 * token is renewed a tenth of its lifetime before it expires (session.ts), so two renewals are at
 * least 0.9 lifetimes apart (with a little slack for the time a request takes), unless a 401
 * came in between (on a loaded machine a request can still arrive after its token expired).
 */
function expectOnePerLifetime(sim: Simulator, grants: TokenGrant[], lifetimeMs: number, elapsedMs: number): void {
  const rejections = rejectedRequests(sim);
  for (let i = 1; i < grants.length; i++) {
    const [before, after] = [grants[i - 1]!, grants[i]!];
    if (rejections.some((r) => r.at >= before.at && r.at <= after.at)) continue;
    expect(after.at - before.at, `renewals ${i - 1} and ${i}`).toBeGreaterThanOrEqual(0.9 * lifetimeMs - 100);
  }
  expect(grants.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / (0.9 * lifetimeMs)) + 1 + rejections.length);
  // Rejections are rare accidents of timing, not the way tokens get renewed.
  expect(rejections.length).toBeLessThanOrEqual(1);
}

describe('refresh tokens off (a new app’s default) (SQLite only: the RingCentral session; on PostgreSQL in the fault matrix)', () => {
  const LIFETIME_MS = 2_000;

  it('syncs across several access-token expiries log in with the JWT once per lifetime, and never try a refresh', async () => {
    const scenario: Scenario = {
      ...SMALL,
      simulator: { ...SMALL.simulator, issueRefreshTokens: false, accessTokenTtlSeconds: LIFETIME_MS / 1000 },
      runningClock: true,
    };
    const reference = await undisturbed(scenario, tempDir());
    const run = await prepare(scenario, tempDir());
    const started = Date.now();
    let syncs = 0;
    while (Date.now() - started < 3.5 * LIFETIME_MS) {
      const result = await run.sync();
      expect(result.exitCode, result.stderr).toBe(0);
      syncs += 1;
    }
    const elapsed = Date.now() - started;
    expect(syncs).toBeGreaterThan(3);

    const grants = tokenGrants(run.sim);
    // Logins only: no refresh was ever tried (there is no refresh token), nothing was refused.
    expect(grants.map((g) => `${g.grant} ${g.status}`)).toEqual(grants.map(() => 'jwt 200'));
    expect(grants.length).toBeGreaterThanOrEqual(3);
    expectOnePerLifetime(run.sim, grants, LIFETIME_MS, elapsed);
    expect(storedSession(tokenFileOf(run.dir)).refresh_token ?? '').toBe('');
    await expectRecovered(run, reference);
  });

  it('a refresh token the last token response did not carry is dropped, never tried', async () => {
    const reference = await undisturbed(SMALL, tempDir(), [SMALL.args, SMALL.args, SMALL.args]);
    const run = await prepare(SMALL, tempDir());
    expect((await run.sync()).exitCode).toBe(0);
    expect(storedSession(tokenFileOf(run.dir)).refresh_token).toEqual(expect.any(String));

    // Someone turns "Issue refresh tokens" off: the next refresh answers without a refresh token.
    // The SDK would keep the spent one and try it at the next expiry.
    run.sim.setIssueRefreshTokens(false);
    run.sim.expireAccessTokens();
    const second = await run.sync();
    expect(second.exitCode, second.stderr).toBe(0);
    expect(storedSession(tokenFileOf(run.dir)).refresh_token ?? '').toBe('');

    run.sim.expireAccessTokens();
    const third = await run.sync();
    expect(third.exitCode, third.stderr).toBe(0);
    expect(tokenGrants(run.sim).map((g) => `${g.grant} ${g.status}`)).toEqual(['jwt 200', 'refresh_token 200', 'jwt 200']);
    // One 401 for each token expired behind the client's back, each renewed once.
    expect(rejectedRequests(run.sim).map((r) => r.errorCode)).toEqual(['OAU-213', 'OAU-213']);
    await expectRecovered(run, reference);
  });
});

describe('processes sharing one token file (SQLite only: the token file, whatever the archive)', () => {
  const LIFETIME_MS = 4_000;
  const PROCESSES = 3;

  /**
   * Several `recordings sync` processes, each with its own database but one token file (as cron
   * jobs of one user), run syncs back to back for a few access-token lifetimes.
   */
  async function concurrentSyncs(issueRefreshTokens: boolean) {
    const clock = new TestClock(ANCHOR);
    const sim = await startTestSimulator({ seed: 31, calls: 150, issueRefreshTokens, accessTokenTtlSeconds: LIFETIME_MS / 1000, now: clock.now });
    clock.run();
    const shared = tempDir();
    const args = ['sync', '--since', iso(ANCHOR - 20 * HOUR), '--until', iso(ANCHOR - HOUR), '--json'];
    const databases = Array.from({ length: PROCESSES }, (_, i) => databasePath(`${shared}/p${i}`));
    const started = Date.now();
    const deadline = started + 3 * LIFETIME_MS;
    const runs = await Promise.all(
      databases.map(async (db) => {
        let syncs = 0;
        while (Date.now() < deadline || syncs < 2) {
          const result = await spawnCli(args, syncEnv(shared, sim, { RECORDINGS_DB: db }));
          if (result.exitCode !== 0) throw new Error(`sync exited ${result.exitCode}: ${result.stderr}`);
          syncs += 1;
        }
        return syncs;
      }),
    );
    const elapsed = Date.now() - started;
    const expected = expectedRecordings(sim, ANCHOR - 20 * HOUR, ANCHOR - HOUR).size;
    expect(expected).toBeGreaterThan(50);
    for (const db of databases) expect((await queryValue(db, 'SELECT count(*) FROM recordings'))).toBe(expected);
    expect(runs.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(2 * PROCESSES);
    return { sim, elapsed, grants: tokenGrants(sim), tokenFile: tokenFileOf(shared) };
  }

  it('without refresh tokens: at most one JWT login per access-token lifetime across all of them', async () => {
    const { sim, grants, elapsed, tokenFile } = await concurrentSyncs(false);
    expect(grants.map((g) => `${g.grant} ${g.status}`)).toEqual(grants.map(() => 'jwt 200'));
    expect(grants.length).toBeGreaterThanOrEqual(2);
    expectOnePerLifetime(sim, grants, LIFETIME_MS, elapsed);
    expect(storedSession(tokenFile).refresh_token ?? '').toBe('');
  });

  it('with refresh tokens: one login in all, then one refresh per lifetime, none refused', async () => {
    const { sim, grants, elapsed } = await concurrentSyncs(true);
    expect(logins(sim)).toHaveLength(1);
    expect(grants[0]).toMatchObject({ grant: 'jwt', status: 200 });
    const refreshes = grants.slice(1);
    expect(refreshes.map((g) => `${g.grant} ${g.status}`)).toEqual(refreshes.map(() => 'refresh_token 200'));
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    expectOnePerLifetime(sim, grants, LIFETIME_MS, elapsed);
  });
});
