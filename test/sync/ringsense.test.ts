import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { cli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { queryAll, queryValue } from './helpers/snapshot.js';
import { BACKENDS } from '../helpers/backends.js';
import { BUSY_ANCHOR, DAY, HOUR, INSIGHTS_PREFIX, TestClock, databasePath, startTestSimulator, syncEnv, writeConfig, useBackend } from './helpers/simulator.js';

const tempDir = useTempDirs();
const insightRequests = (sim: Simulator) => sim.requests.filter((r) => r.path.startsWith(INSIGHTS_PREFIX));
const statusCounts = async (db: string) =>
  Object.fromEntries((await queryAll<{ s: string; n: number }>(db, 'SELECT transcript_status AS s, count(*) AS n FROM recordings GROUP BY 1')).map((r) => [r.s, r.n]));

describe.each(BACKENDS)('RingSense transcripts and insights (%s)', (backend) => {
  useBackend(backend);

  const refusals = [
    {
      code: 'RAH-3005',
      option: { ringSenseUserPermission: false },
      fixed: { userPermission: true },
      problem: "the JWT's user lacks the user permission 'AI Conversation Expert – Access Insights' (ReadRingSenseInsights)",
      fix: "in the RingCentral Admin Portal give that user a role with 'AI Conversation Expert – Access Insights', then run recordings sync --retry",
    },
    {
      code: 'CMN-401',
      option: { ringSenseScope: false },
      fixed: { scope: true },
      problem: "the app lacks the 'RingSense' app permission (scope)",
      fix: "add the 'RingSense' app permission to the app in the RingCentral Developer Console, then run recordings sync --retry",
    },
  ] as const;

  for (const refusal of refusals) {
    it(`403 ${refusal.code}: everything due becomes not_licensed after a handful of requests, with its own message and fix; --retry makes them due again`, async () => {
      const clock = new TestClock(BUSY_ANCHOR);
      const sim = await startTestSimulator({ seed: 41, calls: 300, now: clock.now, ...refusal.option });
      const dir = tempDir();
      const env = syncEnv(dir, sim);
      const db = databasePath(dir);

      const first = await cli(['sync', '--json'], env, { now: clock.date });
      expect(first.exitCode, first.stderr).toBe(0);
      const summary = JSON.parse(first.stdout);
      const due = (await queryValue<number>(db, "SELECT count(*) FROM recordings WHERE transcript_status <> 'skipped'"));
      expect(due).toBeGreaterThan(20);
      expect((await statusCounts(db)).not_licensed).toBe(due);
      expect(summary.transcripts.notLicensed).toBe(due);
      expect(summary.transcripts.fetched).toBe(0);
      // It stops asking: only the requests already in flight when the first 403 came back.
      const refused = insightRequests(sim);
      expect(refused.length).toBeLessThanOrEqual(4);
      expect(refused.every((request) => request.status === 403)).toBe(true);
      expect(first.stderr).toContain(`RingSense refused (403): ${refusal.problem}; transcripts marked not_licensed until 'sync --retry' (fix: ${refusal.fix})`);
      expect((await queryAll(db, "SELECT DISTINCT transcript_error AS e FROM recordings WHERE transcript_status = 'not_licensed'"))).toEqual([{ e: refusal.problem }]);

      sim.setRingSense(refusal.fixed);
      const before = insightRequests(sim).length;
      const plain = await cli(['sync', '--json'], env, { now: clock.date });
      expect(plain.exitCode).toBe(0);
      expect(insightRequests(sim).length).toBe(before);
      expect((await statusCounts(db)).not_licensed).toBe(due);

      const retry = await cli(['sync', '--retry', '--json'], env, { now: clock.date });
      expect(retry.exitCode, retry.stderr).toBe(0);
      const retried = JSON.parse(retry.stdout).transcripts;
      expect(retried.fetched + retried.pending + retried.unavailable).toBe(due);
      expect(retried.fetched).toBeGreaterThan(0);
      expect((await statusCounts(db)).not_licensed).toBeUndefined();
      expect(insightRequests(sim).length - before).toBe(due);
    });
  }

  it('404 AGW-404 (the route moved): stops asking, leaves every transcript as it was, commits the call log, exit 1 with "status": "error"', async () => {
    const clock = new TestClock(BUSY_ANCHOR);
    const sim = await startTestSimulator({ seed: 46, calls: 300, live: true, now: clock.now });
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    const db = databasePath(dir);
    const first = await cli(['sync', '--json'], env, { now: clock.date });
    expect(first.exitCode, first.stderr).toBe(0);
    expect((await statusCounts(db)).ready).toBeGreaterThan(10);
    expect((await statusCounts(db)).pending).toBeGreaterThan(0);

    const transcripts = async () =>
      (await queryAll(db, 'SELECT id, transcript_status, transcript_attempts, transcript_next_attempt_at, transcript_error, transcript, summary FROM recordings ORDER BY id'));
    const before = (await transcripts());
    const recordingsBefore = (await queryValue<number>(db, 'SELECT count(*) FROM recordings'));
    sim.setRingSense({ routeMoved: true });
    clock.advance(2 * HOUR);
    const asked = insightRequests(sim).length;
    const moved = await cli(['sync', '--json'], env, { now: clock.date });
    expect(moved.exitCode).toBe(1);
    const summary = JSON.parse(moved.stdout);
    expect(summary.status).toBe('error');
    expect(summary.error).toMatch(/^the RingSense endpoint was not found \(HTTP 404 AGW-404\)/);
    expect(moved.stderr).toMatch(/^recordings: the RingSense endpoint was not found \(HTTP 404 AGW-404\)/m);
    expect(moved.stderr).toContain('"sync": {"transcripts": false}');
    // Stopped asking at the first answer: only the requests already in flight.
    const sent = insightRequests(sim).slice(asked);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThanOrEqual(4);
    expect(sent.every((request) => request.status === 404)).toBe(true);
    // Transcripts as they were; the new calls of the window and the checkpoint committed.
    const after = (await transcripts()).filter((row) => before.some((old) => (old as { id: string }).id === (row as { id: string }).id));
    expect(after).toEqual(before);
    expect((await queryValue<number>(db, 'SELECT count(*) FROM recordings'))).toBeGreaterThan(recordingsBefore);
    expect((await queryValue<string>(db, "SELECT value FROM sync_state WHERE name = 'checkpoint'"))).toBe(summary.checkpoint);
    expect((await queryAll(db, 'SELECT status, error FROM sync_runs ORDER BY id DESC LIMIT 1'))).toEqual([{ status: 'failed', error: summary.error }]);

    // Once the route is back, the next run fetches what was due.
    sim.setRingSense({ routeMoved: false });
    const back = await cli(['sync', '--json'], env, { now: clock.date });
    expect(back.exitCode, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout).transcripts.fetched).toBeGreaterThan(0);
  });

  it('recordings shorter than the minimum are skipped and never sent to RingSense', async () => {
    const sim = await startTestSimulator({ seed: 42, calls: 300, now: () => BUSY_ANCHOR });
    const dir = tempDir();
    writeConfig(dir, { sync: { minRecordingSeconds: 60 } });
    const result = await cli(['sync', '--since', '24h', '--json'], syncEnv(dir, sim), { now: () => new Date(BUSY_ANCHOR) });
    expect(result.exitCode, result.stderr).toBe(0);
    const db = databasePath(dir);
    const short = (await queryAll<{ id: string; transcript_status: string }>(db, 'SELECT id, transcript_status FROM recordings WHERE duration_seconds < 60'));
    expect(short.length).toBeGreaterThan(5);
    expect(short.every((row) => row.transcript_status === 'skipped')).toBe(true);
    expect((await queryValue(db, "SELECT count(*) FROM recordings WHERE duration_seconds >= 60 AND transcript_status = 'skipped'"))).toBe(0);
    const asked = new Set(insightRequests(sim).map((r) => decodeURIComponent(r.path.slice(INSIGHTS_PREFIX.length).split('/')[0]!)));
    expect(short.filter((row) => asked.has(row.id))).toEqual([]);
    expect(asked.size).toBe((await queryValue(db, "SELECT count(*) FROM recordings WHERE transcript_status <> 'skipped'")));
  });

  it('a call older than 48 h without insights is unavailable after one attempt; a recent one stays pending', async () => {
    const sim = await startTestSimulator({ seed: 43, calls: 600, days: 4, now: () => BUSY_ANCHOR });
    const dir = tempDir();
    const result = await cli(['sync', '--since', '4d', '--json'], syncEnv(dir, sim), { now: () => new Date(BUSY_ANCHOR) });
    expect(result.exitCode, result.stderr).toBe(0);
    const db = databasePath(dir);
    const rows = (await queryAll<{ id: string; start_time: string; transcript_status: string; transcript_attempts: number }>(
      db,
      'SELECT id, start_time, transcript_status, transcript_attempts FROM recordings',
    ));
    const none = rows.filter((row) => row.transcript_status !== 'skipped' && sim.account.insightsAvailableAt(row.id) === null);
    const old = none.filter((row) => Date.parse(row.start_time) <= BUSY_ANCHOR - 2 * DAY);
    const recent = none.filter((row) => Date.parse(row.start_time) > BUSY_ANCHOR - 2 * DAY + HOUR);
    expect(old.length).toBeGreaterThan(0);
    expect(recent.length).toBeGreaterThan(0);
    for (const row of old) expect(row).toMatchObject({ transcript_status: 'unavailable', transcript_attempts: 1 });
    for (const row of recent) expect(row).toMatchObject({ transcript_status: 'pending', transcript_attempts: 1 });
    // Only such calls are given up on.
    const unavailable = rows.filter((row) => row.transcript_status === 'unavailable');
    for (const row of unavailable) {
      expect(Date.parse(row.start_time)).toBeLessThanOrEqual(BUSY_ANCHOR - 2 * DAY);
      expect(sim.account.insightsAvailableAt(row.id)).toBeNull();
    }
    expect(JSON.parse(result.stdout).transcripts.unavailable).toBe(unavailable.length);
    // Old calls with insights are simply fetched.
    expect(rows.filter((row) => Date.parse(row.start_time) <= BUSY_ANCHOR - 2 * DAY && row.transcript_status === 'ready').length).toBeGreaterThan(0);
  });

  it('one recording RingSense keeps failing on does not starve the others: it is put back, the rest are fetched', async () => {
    const sim = await startTestSimulator({ seed: 44, calls: 300, now: () => BUSY_ANCHOR });
    const dir = tempDir();
    writeConfig(dir, { sync: { maxRetries: 1 } });
    const env = syncEnv(dir, sim);
    const db = databasePath(dir);
    const now = () => new Date(BUSY_ANCHOR);
    // The oldest recording that is sent to RingSense: asked first, in the first batch.
    const ids = [...sim.account.recordingIds(BUSY_ANCHOR - 24 * HOUR, BUSY_ANCHOR - 60_000)].reverse();
    const poison = ids.find((id) => (sim.account.recording(id)?.durationMs ?? 0) >= 12_000)!;
    sim.faults.failNext(1000, { status: 500, pathPrefix: `${INSIGHTS_PREFIX}${poison}/` });

    const first = await cli(['sync', '--json'], env, { now });
    expect(first.exitCode).toBe(75);
    expect(first.stderr).toMatch(/^recordings: RingCentral kept answering HTTP 500 \(Light\) after 2 attempts; try again later$/m);
    const state = async () => (await queryAll<{ transcript_status: string; transcript_attempts: number; transcript_next_attempt_at: string | null }>(
      db,
      'SELECT transcript_status, transcript_attempts, transcript_next_attempt_at FROM recordings WHERE id = ?',
      poison,
    ))[0];
    expect((await state())).toEqual({ transcript_status: 'pending', transcript_attempts: 1, transcript_next_attempt_at: new Date(BUSY_ANCHOR + 5 * 60_000).toISOString() });

    const second = await cli(['sync', '--json'], env, { now });
    expect(second.exitCode, second.stderr).toBe(0);
    const due = (await queryValue<number>(db, "SELECT count(*) FROM recordings WHERE transcript_status = 'pending' AND transcript_attempts = 0"));
    expect(due).toBe(0);
    expect((await statusCounts(db)).ready).toBeGreaterThan(10);
    expect((await state())?.transcript_status).toBe('pending');
  });
});
