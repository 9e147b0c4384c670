import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir.js';
import { expectedRecordings, recordedCallCount } from './helpers/expected.js';
import { type RunContext, type Scenario, expectRecovered, prepare, undisturbed } from './helpers/scenario.js';
import { queryValue } from './helpers/snapshot.js';
import { BACKENDS } from '../helpers/backends.js';
import { BUSY_ANCHOR, CALL_LOG_PATH, HOUR, INSIGHTS_PREFIX, MINUTE, TOKEN_PATH, iso, useBackend } from './helpers/simulator.js';

const tempDir = useTempDirs();

/** One page of calls and their transcripts: a backfill that every run of the scenario repeats. */
const SMALL: Scenario = {
  simulator: { seed: 21, calls: 500 },
  args: ['sync', '--since', iso(BUSY_ANCHOR - 5 * HOUR), '--until', iso(BUSY_ANCHOR - HOUR), '--json'],
};

describe.each(BACKENDS)('a sync disturbed by faults, then a normal sync, equals an undisturbed sync (%s)', (backend) => {
  useBackend(backend);

  it('5xx bursts on the call log and on RingSense are retried', async () => {
    const reference = await undisturbed(SMALL, tempDir());
    const run = await prepare(SMALL, tempDir());
    run.sim.faults.failNext(2, { status: 503, pathPrefix: CALL_LOG_PATH });
    run.sim.faults.failNext(2, { status: 502, pathPrefix: INSIGHTS_PREFIX });
    const disturbed = await run.sync();
    expect(disturbed.exitCode, disturbed.stderr).toBe(0);
    const statuses = run.sim.requests.map((r) => r.status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
    expect(statuses.filter((s) => s === 502)).toHaveLength(2);
    await expectRecovered(run, reference);
  });

  it('dropped connections (before the headers, after them, mid-body) are retried', async () => {
    const reference = await undisturbed(SMALL, tempDir());
    const run = await prepare(SMALL, tempDir());
    run.sim.faults.dropNext(1, { pathPrefix: CALL_LOG_PATH, at: 'mid-body' });
    run.sim.faults.dropNext(1, { pathPrefix: CALL_LOG_PATH, at: 'before-headers' });
    run.sim.faults.dropNext(2, { pathPrefix: INSIGHTS_PREFIX, at: 'after-headers' });
    const disturbed = await run.sync();
    expect(disturbed.exitCode, disturbed.stderr).toBe(0);
    // Each dropped request was sent again: three call-log requests for one page, two more RingSense ones.
    expect(run.sim.requests.filter((r) => r.path === CALL_LOG_PATH)).toHaveLength(3);
    const due = JSON.parse(disturbed.stdout).transcripts;
    expect(run.sim.requests.filter((r) => r.path.startsWith(INSIGHTS_PREFIX))).toHaveLength(due.fetched + due.pending + due.unavailable + 2);
    await expectRecovered(run, reference);
  });

  it('a malformed JSON page is retried; one that stays malformed fails the sync without moving the checkpoint', async () => {
    const scenario: Scenario = { ...SMALL, config: { sync: { maxRetries: 1 } } };
    const reference = await undisturbed(scenario, tempDir());

    const once = await prepare(scenario, tempDir());
    once.sim.faults.malformNext(1, { pathPrefix: CALL_LOG_PATH });
    const retried = await once.sync();
    expect(retried.exitCode, retried.stderr).toBe(0);
    await expectRecovered(once, reference);

    const always = await prepare(scenario, tempDir());
    always.sim.faults.malformNext(5, { pathPrefix: CALL_LOG_PATH });
    const failed = await always.sync();
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toMatch(/^recordings: RingCentral sent invalid JSON for GET \/restapi\/v1\.0\/account\/~\/call-log/m);
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    expect((await queryValue(always.db, "SELECT count(*) FROM sync_state WHERE name = 'checkpoint'"))).toBe(0);
    expect((await queryValue(always.db, 'SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1'))).toBe('failed');
    await expectRecovered(always, reference);
  });

  it('a 429 storm from a noisy neighbour is waited out', async () => {
    const scenario: Scenario = {
      ...SMALL,
      simulator: { ...SMALL.simulator, rateLimits: { Heavy: { limit: 2, windowSeconds: 1, penaltySeconds: 1 } } },
      runningClock: true,
    };
    const reference = await undisturbed(scenario, tempDir());
    const run = await prepare(scenario, tempDir());
    // Another app of the same user keeps the Heavy group in its penalty for a while; every one of
    // its requests restarts the penalty.
    const neighbour = await loginAsNeighbour(run.sim.url, run.sim.credentials);
    const hit = () => fetch(`${run.sim.url}${CALL_LOG_PATH}?perPage=1`, { headers: { Authorization: `Bearer ${neighbour}` } }).then((r) => r.status);
    expect([await hit(), await hit(), await hit()]).toEqual([200, 200, 429]);
    const noisy = async () => {
      for (let i = 0; i < 8; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        await hit();
      }
    };
    const [disturbed] = await Promise.all([run.sync(), noisy()]);
    expect(disturbed.exitCode, disturbed.stderr).toBe(0);
    const throttled = run.sim.requests.filter((r) => r.path === CALL_LOG_PATH && r.status === 429 && r.query.view === 'Detailed');
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    // The governor honours Retry-After (1 s): nothing more is sent in the group during the penalty.
    const ours = run.sim.requests.filter((r) => r.path === CALL_LOG_PATH && r.query.view === 'Detailed');
    for (let i = 1; i < ours.length; i++) {
      if (ours[i - 1]!.status === 429) expect(ours[i]!.at - ours[i - 1]!.at).toBeGreaterThanOrEqual(950);
    }
    expect(ours.at(-1)!.status).toBe(200);
    await expectRecovered(run, reference);
  });

  it('an access token that expires between two pages and during transcripts is refreshed, not a new login', async () => {
    const scenario: Scenario = {
      simulator: { seed: 22, calls: 3000 },
      args: ['sync', '--since', iso(BUSY_ANCHOR - 20 * HOUR), '--until', iso(BUSY_ANCHOR - HOUR), '--json'],
      // Transcripts are bounded per run, so both sides run twice (and the test stays short).
      config: { sync: { maxTranscriptsPerRun: 60 } },
    };
    const reference = await undisturbed(scenario, tempDir(), [scenario.args, scenario.args]);
    const run = await prepare(scenario, tempDir());
    const recordedCalls = recordedCallCount(run.sim, BUSY_ANCHOR - 20 * HOUR, BUSY_ANCHOR - HOUR);
    expect(recordedCalls).toBeGreaterThan(1000);
    expect(recordedCalls).toBeLessThanOrEqual(2000);
    let expired = 0;
    const disturbed = await run.sync({
      onStderrLine: (line) => {
        if (/call log page 1:|fetching \d+ due transcripts/.test(line)) {
          run.sim.expireAccessTokens();
          expired += 1;
        }
      },
    });
    expect(disturbed.exitCode, disturbed.stderr).toBe(0);
    expect(expired).toBe(2);
    expect(run.sim.requests.filter((r) => r.path === CALL_LOG_PATH && r.status === 200)).toHaveLength(2);
    expect(run.sim.requests.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(2);
    expect(run.sim.stats()).toMatchObject({ logins: 1, refreshes: 2 });
    expect(run.sim.requests.filter((r) => r.path === TOKEN_PATH)).toHaveLength(3);
    await expectRecovered(run, reference);
  });
});

describe.each(BACKENDS)('a call-log record that fails validation (%s)', (backend) => {
  useBackend(backend);

  // A short lookback, so only the engine's memory of the broken record brings it back.
  const scenario: Scenario = {
    simulator: { seed: 23, calls: 500 },
    args: ['sync', '--json'],
    config: { sync: { lookback: '1m' } },
  };

  for (const kind of ['recording-id-missing', 'startTime-number'] as const) {
    it(`(${kind}) is skipped, counted and logged with its id; the rest of the page is stored; the next sync stores it`, async () => {
      const run = await prepare(scenario, tempDir());
      // The first run ends 90 s after its newest call: the next run's 1-minute lookback falls short of it.
      const until = quietEndAfterRecordedCall(run, BUSY_ANCHOR - 30 * MINUTE, 90_000);
      const first = ['sync', '--since', iso(BUSY_ANCHOR - 6 * HOUR), '--until', iso(until), '--json'];
      const reference = await undisturbed(scenario, tempDir(), [first, scenario.args]);
      run.sim.faults.invalidRecordNext(1, kind);
      const disturbed = await run.sync({ args: first });
      expect(disturbed.exitCode, disturbed.stderr).toBe(0);
      const summary = JSON.parse(disturbed.stdout);
      expect(summary.recordings.invalid).toBe(1);
      const skipped = /skipped an invalid call-log record (\S+): /.exec(disturbed.stderr);
      expect(skipped, disturbed.stderr).not.toBeNull();
      const callId = skipped![1]!;
      const index = run.sim.account.indexOfRecordId(callId);
      expect(index).toBeGreaterThanOrEqual(0);
      const missing = run.sim.account.shapeAt(index).recordings.map((r) => r.id);
      expect(missing.length).toBeGreaterThan(0);
      // Everything else of the page is stored; the checkpoint moved on.
      expect(summary.recordings.seen).toBe(expectedRecordings(run.sim, BUSY_ANCHOR - 6 * HOUR, until).size - missing.length);
      expect((await queryValue(run.db, "SELECT value FROM sync_state WHERE name = 'checkpoint'"))).toBe(iso(until));
      // The broken record is older than the next window's lookback would reach by itself.
      expect(run.sim.account.startTimeAt(index)).toBeLessThan(until - MINUTE);

      await expectRecovered(run, reference);
      expect((await queryValue(run.db, "SELECT value FROM sync_state WHERE name = 'invalid_records'"))).toBe('{}');
    });
  }
});

/** An end for a window whose newest recorded call starts `gapMs` before it, with no call in between. */
function quietEndAfterRecordedCall(run: RunContext, before: number, gapMs: number): number {
  const { account } = run.sim;
  for (let i = account.indexRange(before - 6 * HOUR, before).last; i > 0; i--) {
    const end = account.startTimeAt(i) + gapMs;
    if (account.shapeAt(i).recordings.length > 0 && account.indexRange(account.startTimeAt(i) + 1, end).last < i + 1) return end;
  }
  throw new Error('no recorded call with a quiet gap after it');
}

async function loginAsNeighbour(url: string, credentials: { clientId: string; clientSecret: string; jwt: string }): Promise<string> {
  const response = await fetch(`${url}${TOKEN_PATH}`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: credentials.jwt }),
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}
