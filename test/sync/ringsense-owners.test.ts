import { describe, expect, it } from 'vitest';
import { Account, type Simulator } from '../../src/simulator/index.js';
import { cli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { queryAll, queryValue } from './helpers/snapshot.js';
import { BACKENDS } from '../helpers/backends.js';
import { DAY, HOUR, INSIGHTS_PREFIX, MINUTE, TestClock, databasePath, startTestSimulator, syncEnv, writeConfig, useBackend } from './helpers/simulator.js';

const tempDir = useTempDirs();

/** 09:00 Pacific: a restaurant's day of calls lies ahead. */
const MORNING = Date.parse('2026-11-20T17:00:00.000Z');

/** RingSense requests per recording id. */
function requestsPerRecording(sim: Simulator): Map<string, { count: number; firstAt: number }> {
  const counts = new Map<string, { count: number; firstAt: number }>();
  for (const request of sim.requests) {
    if (!request.path.startsWith(INSIGHTS_PREFIX)) continue;
    const id = decodeURIComponent(request.path.slice(INSIGHTS_PREFIX.length).split('/')[0]!);
    const seen = counts.get(id);
    counts.set(id, { count: (seen?.count ?? 0) + 1, firstAt: seen?.firstAt ?? request.at });
  }
  return counts;
}

/** The extension owning the most recordings in [fromMs, toMs] of the account the options generate. */
function busiestOwner(options: { seed: number; calls: number; days: number; anchor: number }, fromMs: number, toMs: number): number {
  const account = new Account({
    seed: options.seed,
    calls: options.calls,
    days: options.days,
    anchorMs: options.anchor,
    now: () => toMs,
    live: true,
    baseUrl: 'http://127.0.0.1:9',
    insightsDelaySeconds: 1800,
    insightsCoverage: 0.9,
  });
  const counts = new Map<number, number>();
  for (const id of account.recordingIds(fromMs, toMs)) {
    const owner = account.recordingOwner(id);
    if (owner !== null) counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

interface RecordingState {
  id: string;
  start_time: string;
  owner_extension_id: string | null;
  transcript_status: string;
  transcript_error: string | null;
  transcript_attempts: number;
}

describe.each(BACKENDS)('an owner without an AI Conversation Expert licence (404 RAH-3001 for all its recordings) (%s)', (backend) => {
  useBackend(backend);

  it('after 10 of its recordings ended unavailable, each new one costs one request, 30 min after the call; a 200 restores the series', async () => {
    const shape = { seed: 47, calls: 700, days: 1, anchor: MORNING };
    const owner = busiestOwner(shape, MORNING - HOUR, MORNING + 12 * HOUR);
    const clock = new TestClock(MORNING);
    const sim = await startTestSimulator({ seed: shape.seed, calls: shape.calls, days: shape.days, live: true, unlicensedExtensions: [owner], now: clock.now });
    const dir = tempDir();
    // A shorter give-up age than the default 48 h, so the first recordings run through their series within the test.
    writeConfig(dir, { sync: { transcriptGiveUpAfter: '3h' } });
    const env = syncEnv(dir, sim);
    const db = databasePath(dir);
    const sync = async (args: string[] = ['sync', '--json']) => {
      const result = await cli(args, env, { now: clock.date });
      expect(result.exitCode, result.stderr).toBe(0);
      return result;
    };

    const first = await sync(['sync', '--since', '1h', '--json']);
    expect(first.stderr).not.toMatch(/no insights for its last/);
    let noticed = '';
    // Cron every 30 minutes until the evening.
    for (let step = 0; step < 24; step++) {
      clock.advance(30 * MINUTE);
      const run = await sync();
      noticed ||= run.stderr.split('\n').find((line) => line.includes('no insights for its last')) ?? '';
    }

    const [state] = (await queryAll<{ extension_number: string; unavailable_streak: number; sparse_since: string | null; insights_seen_at: string | null }>(
      db,
      'SELECT extension_number, unavailable_streak, sparse_since, insights_seen_at FROM recording_owners WHERE extension_id = ?',
      String(owner),
    ));
    expect(state).toBeDefined();
    expect(state!.sparse_since).not.toBeNull();
    expect(state!.insights_seen_at).toBeNull();
    const label = `extension ${state!.extension_number}`;
    expect(noticed).toContain(`${label}: no insights for its last 10 recordings: is an AI Conversation Expert licence assigned?`);

    const sparseSince = Date.parse(state!.sparse_since!);
    const requests = requestsPerRecording(sim);
    const rows = (await queryAll<RecordingState>(
      db,
      "SELECT id, start_time, owner_extension_id, transcript_status, transcript_error, transcript_attempts FROM recordings WHERE transcript_status <> 'skipped' ORDER BY start_time",
    ));
    const owned = rows.filter((row) => row.owner_extension_id === String(owner));
    const before = owned.filter((row) => (requests.get(row.id)?.firstAt ?? Infinity) < sparseSince);
    const after = owned.filter((row) => Date.parse(row.start_time) > sparseSince);
    expect(before.length).toBeGreaterThanOrEqual(10);
    expect(after.length).toBeGreaterThanOrEqual(8);
    // From the moment the owner was noticed, none of its recordings was asked about more than once,
    // including those still in their series then.
    const ownedIds = new Set(owned.map((row) => row.id));
    const later = new Map<string, number>();
    for (const request of sim.requests) {
      const id = decodeURIComponent(request.path.slice(INSIGHTS_PREFIX.length).split('/')[0]!);
      if (request.path.startsWith(INSIGHTS_PREFIX) && ownedIds.has(id) && request.at > sparseSince) later.set(id, (later.get(id) ?? 0) + 1);
    }
    expect(later.size).toBeGreaterThan(after.length);
    expect(Math.max(...later.values())).toBe(1);
    // The first ones ran through the back-off series (several requests each) …
    expect(Math.max(...before.map((row) => requests.get(row.id)!.count))).toBeGreaterThanOrEqual(4);
    // … every later one was asked exactly once, about 30 minutes after its call, and is unavailable at once,
    // naming the likely missing licence; none still pending once its half hour has passed.
    const end = clock.now();
    for (const row of after) {
      const asked = requests.get(row.id);
      const callEnd = Date.parse(row.start_time) + (sim.account.recording(row.id)?.durationMs ?? 0);
      if (callEnd + 31 * MINUTE > end) continue;
      expect(asked?.count, row.id).toBe(1);
      expect(asked!.firstAt).toBeGreaterThanOrEqual(callEnd + 29 * MINUTE);
      expect(row.transcript_status).toBe('unavailable');
      expect(row.transcript_error).toMatch(new RegExp(`^RingSense has no insights \\(404\\); ${label}: no insights for its last \\d+ recordings: is an AI Conversation Expert licence assigned\\?$`));
    }
    // Other owners are not affected: their recordings are fetched as usual.
    expect(rows.filter((row) => row.owner_extension_id !== String(owner) && row.transcript_status === 'ready').length).toBeGreaterThan(50);

    // `status` says so, in text and JSON.
    const status = await cli(['status'], env, { now: clock.date });
    expect(status.stdout).toMatch(new RegExp(`^RingSense\\s+${label}: no insights for its last \\d+ recordings: is an AI Conversation Expert licence assigned\\?$`, 'm'));
    const statusJson = JSON.parse((await cli(['status', '--json'], env, { now: clock.date })).stdout);
    expect(statusJson.ownersWithoutInsights).toEqual([
      expect.objectContaining({ extensionId: String(owner), extensionNumber: state!.extension_number, since: state!.sparse_since }),
    ]);

    // The licence is assigned: the owner's next call gets insights, asked about once 30 min after the call,
    // and from then on its recordings get the normal series again.
    sim.setExtensionLicensed(owner, true);
    for (let step = 0; step < 12 && (await queryValue<string | null>(db, 'SELECT sparse_since FROM recording_owners WHERE extension_id = ?', String(owner))) !== null; step++) {
      clock.advance(30 * MINUTE);
      await sync();
    }
    const restored = (await queryAll<{ sparse_since: string | null; insights_seen_at: string | null; unavailable_streak: number }>(
      db,
      'SELECT sparse_since, insights_seen_at, unavailable_streak FROM recording_owners WHERE extension_id = ?',
      String(owner),
    ))[0]!;
    expect(restored).toMatchObject({ sparse_since: null, unavailable_streak: 0 });
    expect(restored.insights_seen_at).not.toBeNull();
    expect((await queryValue<number>(db, "SELECT count(*) FROM recordings WHERE owner_extension_id = ? AND transcript_status = 'ready'", String(owner)))).toBeGreaterThan(0);
    expect(JSON.parse((await cli(['status', '--json'], env, { now: clock.date })).stdout).ownersWithoutInsights).toEqual([]);
  }, 120_000);

  it('a backfill: once 10 old recordings had none, the rest cost one request each; doctor names the owner with its fix', async () => {
    const clock = new TestClock(MORNING);
    const shape = { seed: 48, calls: 900, days: 4, anchor: MORNING };
    const owner = busiestOwner(shape, MORNING - 4 * DAY, MORNING);
    const sim = await startTestSimulator({ seed: shape.seed, calls: shape.calls, days: shape.days, unlicensedExtensions: [owner], now: clock.now });
    const dir = tempDir();
    writeConfig(dir, { sync: { maxTranscriptsPerRun: 5000 } });
    const env = syncEnv(dir, sim);
    const db = databasePath(dir);
    const result = await cli(['sync', '--since', '4d', '--json'], env, { now: clock.date });
    expect(result.exitCode, result.stderr).toBe(0);

    const requests = requestsPerRecording(sim);
    const owned = (await queryAll<RecordingState>(
      db,
      "SELECT id, start_time, owner_extension_id, transcript_status, transcript_error, transcript_attempts FROM recordings WHERE owner_extension_id = ? AND transcript_status <> 'skipped'",
      String(owner),
    ));
    expect(owned.length).toBeGreaterThan(20);
    // One request per recording at most; those within 30 minutes of their call wait for it.
    for (const row of owned) expect(requests.get(row.id)?.count ?? 0, row.id).toBeLessThanOrEqual(1);
    // Calls under 48 h old would otherwise stay pending for the back-off series: here each is unavailable
    // after its one request, or not asked yet when its call ended less than 30 minutes ago.
    const recent = owned.filter((row) => Date.parse(row.start_time) > MORNING - 2 * DAY);
    expect(recent.length).toBeGreaterThan(5);
    for (const row of recent) {
      const callEnd = Date.parse(row.start_time) + sim.account.recording(row.id)!.durationMs;
      if (callEnd + 30 * MINUTE <= MORNING) expect([row.transcript_status, requests.get(row.id)?.count], row.id).toEqual(['unavailable', 1]);
      else expect([row.transcript_status, requests.get(row.id)?.count], row.id).toEqual(['pending', undefined]);
    }

    const doctor = await cli(['doctor', '--json'], env, { now: clock.date });
    const check = (JSON.parse(doctor.stdout) as { checks: Array<{ id: string; status: string; message: string; fix: string }> }).checks.find(
      (c) => c.id === 'ringsense.owners',
    );
    const number = (await queryValue<string>(db, 'SELECT extension_number FROM recording_owners WHERE extension_id = ?', String(owner)));
    expect(check).toMatchObject({ status: 'warn' });
    expect(check!.message).toMatch(new RegExp(`^extension ${number}: no insights for its last \\d+ recordings: is an AI Conversation Expert licence assigned\\?$`));
    expect(check!.fix).toBe(
      `assign extension ${number} an AI Conversation Expert licence in the RingCentral Admin Portal: calls recorded after that get insights (until then sync asks about each new recording once, 30 minutes after the call)`,
    );
  });
});
