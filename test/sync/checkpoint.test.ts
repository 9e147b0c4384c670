import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { expectedRecordings } from './helpers/expected.js';
import { queryAll, queryValue } from './helpers/snapshot.js';
import { BACKENDS } from '../helpers/backends.js';
import { BUSY_ANCHOR, DAY, HOUR, MINUTE, TestClock, databasePath, iso, startTestSimulator, syncEnv, useBackend } from './helpers/simulator.js';

const tempDir = useTempDirs();

const storedIds = async (db: string) => (await queryAll<{ id: string }>(db, 'SELECT id FROM recordings ORDER BY id')).map((row) => row.id);
const checkpoint = async (db: string) => (await queryValue<string | undefined>(db, "SELECT value FROM sync_state WHERE name = 'checkpoint'"));

describe.each(BACKENDS)('the checkpoint and the windows of successive syncs (%s)', (backend) => {
  useBackend(backend);

  it('a sync every 5 minutes while calls keep coming stores every recording, each once', async () => {
    const clock = new TestClock(BUSY_ANCHOR);
    const sim = await startTestSimulator({ seed: 71, calls: 800, live: true, now: clock.now });
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    const db = databasePath(dir);
    let total = 0;
    for (let run = 0; run < 12; run++) {
      const result = await cli(['sync', '--json'], env, { now: clock.date });
      expect(result.exitCode, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout);
      expect(summary.window.to).toBe(iso(clock.now() - MINUTE));
      expect((await checkpoint(db))).toBe(summary.window.to);
      if (run > 0) expect(summary.window.from).toBe(iso(clock.now() - 5 * MINUTE - MINUTE - 2 * HOUR));
      total += summary.recordings.new;
      if (run < 11) clock.advance(5 * MINUTE);
    }
    // The ground truth as of the last sync: a call still in progress then is not listed yet.
    const lastEnd = clock.now() - MINUTE;
    const expected = [...expectedRecordings(sim, BUSY_ANCHOR - DAY, lastEnd).keys()].sort();
    // Calls kept arriving during the hour of syncs.
    expect(expected.length - [...expectedRecordings(sim, BUSY_ANCHOR - DAY, BUSY_ANCHOR - MINUTE).keys()].length).toBeGreaterThan(10);
    expect((await storedIds(db))).toEqual(expected);
    expect(total).toBe(expected.length);
  });

  it('an --until in the future does not move the checkpoint past now, so later calls are still read', async () => {
    const clock = new TestClock(BUSY_ANCHOR);
    const sim = await startTestSimulator({ seed: 72, calls: 800, live: true, now: clock.now });
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    const db = databasePath(dir);
    const first = await cli(['sync', '--until', iso(BUSY_ANCHOR + DAY), '--json'], env, { now: clock.date });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).window.to).toBe(iso(BUSY_ANCHOR - MINUTE));
    expect((await checkpoint(db))).toBe(iso(BUSY_ANCHOR - MINUTE));

    clock.advance(HOUR);
    const second = await cli(['sync', '--json'], env, { now: clock.date });
    expect(second.exitCode, second.stderr).toBe(0);
    const expected = [...expectedRecordings(sim, BUSY_ANCHOR - DAY, BUSY_ANCHOR + HOUR - MINUTE).keys()].sort();
    expect(expected.length).toBeGreaterThan([...expectedRecordings(sim, BUSY_ANCHOR - DAY, BUSY_ANCHOR - MINUTE).keys()].length);
    expect((await storedIds(db))).toEqual(expected);
  });

  it('a backfill of older days stores them and leaves the checkpoint where it was', async () => {
    const sim = await startTestSimulator({ seed: 73, calls: 600, days: 4, now: () => BUSY_ANCHOR });
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    const db = databasePath(dir);
    const now = () => new Date(BUSY_ANCHOR);
    expect((await cli(['sync', '--no-transcripts'], env, { now })).exitCode).toBe(0);
    const before = (await checkpoint(db));
    expect(before).toBe(iso(BUSY_ANCHOR - MINUTE));
    const backfill = await cli(['sync', '--since', '3d', '--until', iso(BUSY_ANCHOR - 2 * DAY), '--no-transcripts', '--json'], env, { now });
    expect(backfill.exitCode, backfill.stderr).toBe(0);
    expect(JSON.parse(backfill.stdout).window).toEqual({ from: iso(BUSY_ANCHOR - 3 * DAY), to: iso(BUSY_ANCHOR - 2 * DAY) });
    expect((await checkpoint(db))).toBe(before);
    const expected = new Set([
      ...expectedRecordings(sim, BUSY_ANCHOR - DAY, BUSY_ANCHOR - MINUTE).keys(),
      ...expectedRecordings(sim, BUSY_ANCHOR - 3 * DAY, BUSY_ANCHOR - 2 * DAY).keys(),
    ]);
    expect((await storedIds(db))).toEqual([...expected].sort());
  });
});
