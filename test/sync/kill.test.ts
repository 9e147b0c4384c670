import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { cli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { recordedCallCount } from './helpers/expected.js';
import { checkIntegrity, type DatabaseSnapshot, queryValue, snapshotDatabase } from './helpers/snapshot.js';
import { BACKENDS } from '../helpers/backends.js';
import { ANCHOR, CALL_LOG_PATH, HOUR, databasePath, iso, startTestSimulator, syncEnv, useBackend } from './helpers/simulator.js';
import { seededRandom, sleep, startCli } from './helpers/spawn.js';

const tempDir = useTempDirs();
const realNow = () => new Date();

/** Every run of a trial repeats this backfill, as cron would repeat its command line. */
const SMALL_ARGS = ['sync', '--since', iso(ANCHOR - 20 * HOUR), '--until', iso(ANCHOR - HOUR), '--json'];
const LARGE_ARGS = ['sync', '--since', iso(ANCHOR - 23 * HOUR), '--until', iso(ANCHOR - HOUR), '--no-transcripts', '--json'];
const SMALL = { seed: 31, calls: 300 };
/** Every answer of the simulator takes this long in the small trials. */
const SLOW_MS = 40;
const LARGE = { seed: 32, calls: 3000 };

async function referenceOf(simOptions: { seed: number; calls: number }, args: string[], dir: string): Promise<DatabaseSnapshot> {
  const sim = await startTestSimulator(simOptions);
  const result = await cli(args, syncEnv(dir, sim), { now: realNow });
  expect(result.exitCode, result.stderr).toBe(0);
  return (await snapshotDatabase(databasePath(dir)));
}

/** After the kill, one normal sync must leave what an undisturbed sync leaves, in a sound database. */
async function expectRecoveredAfterKill(sim: Simulator, dir: string, args: string[], reference: DatabaseSnapshot, killedPid: number) {
  sim.faults.clear();
  const normal = await cli(args, syncEnv(dir, sim), { now: realNow });
  expect(normal.exitCode, normal.stderr).toBe(0);
  expect(normal.stderr).not.toMatch(/another sync is running/);
  const db = databasePath(dir);
  const integrity = (await checkIntegrity(db));
  expect(integrity.integrity).toBe('ok');
  expect(integrity.ftsRows).toBe(reference.recordings.length);
  expect((await snapshotDatabase(db))).toEqual(reference);
  // The killed run's record is closed as interrupted; no run is left "running".
  expect((await queryValue(db, 'SELECT status FROM sync_runs WHERE pid = ?', killedPid))).toBe('interrupted');
  expect((await queryValue(db, "SELECT count(*) FROM sync_runs WHERE status = 'running'"))).toBe(0);
  expect((await queryValue(db, "SELECT count(*) FROM sync_state WHERE name = 'sync_lock'"))).toBe(0);
}

describe.each(BACKENDS)('kill -9 at any point, then a normal sync, equals an undisturbed sync (%s)', (backend) => {
  useBackend(backend);

  let small: DatabaseSnapshot;
  beforeAll(async () => {
    small = await referenceOf(SMALL, SMALL_ARGS, tempDir());
    expect(small.recordings.length).toBeGreaterThan(50);
    expect(small.segments.length).toBeGreaterThan(0);
  });

  const random = seededRandom(20261126);
  const trials: { name: string; killAt: (run: ReturnType<typeof startCli>) => Promise<void> }[] = [
    {
      name: 'right after the call-log page commits',
      killAt: async (run) => {
        await run.waitForLine(/call log page 1:/);
      },
    },
    ...[random(), random()].map((r) => ({
      // A fraction of the shortest time the phase can take: N requests, 4 at a time, 40 ms each.
      name: `${Math.round(r * 100)} % into the transcripts`,
      killAt: async (run: ReturnType<typeof startCli>) => {
        const line = await run.waitForLine(/fetching \d+ due transcripts/);
        const due = Number(/fetching (\d+) due/.exec(line)![1]);
        await sleep(Math.round(r * 0.9 * Math.ceil(due / 4) * SLOW_MS));
      },
    })),
  ];

  for (const trial of trials) {
    it(`killed ${trial.name}`, async () => {
      const sim = await startTestSimulator(SMALL);
      // Slow answers, so that the kill lands inside the run.
      sim.faults.delay(SLOW_MS);
      const dir = tempDir();
      const run = startCli(SMALL_ARGS, syncEnv(dir, sim));
      await trial.killAt(run);
      run.kill('SIGKILL');
      const ended = await run.finished;
      expect(ended.signal).toBe('SIGKILL');
      // The kill landed inside the run: it never closed its run record.
      expect((await queryValue(databasePath(dir), 'SELECT status FROM sync_runs WHERE pid = ?', run.child.pid))).toBe('running');
      if (trial.name.includes('transcripts')) {
        const ready = (await queryValue<number>(databasePath(dir), "SELECT count(*) FROM recordings WHERE transcript_status = 'ready'"));
        expect(ready).toBeGreaterThan(0);
        expect(ready).toBeLessThan(small.recordings.filter((row) => row.transcript_status === 'ready').length);
      }
      await expectRecoveredAfterKill(sim, dir, SMALL_ARGS, small, run.child.pid!);
    });
  }

  it('killed between two call-log pages: the first page is kept, the checkpoint has not moved, the next sync completes the window', async () => {
    const reference = await referenceOf(LARGE, LARGE_ARGS, tempDir());
    const sim = await startTestSimulator(LARGE);
    const recordedCalls = recordedCallCount(sim, ANCHOR - 23 * HOUR, ANCHOR - HOUR);
    expect(recordedCalls).toBeGreaterThan(1000);
    expect(recordedCalls).toBeLessThanOrEqual(2000);
    sim.faults.delay(1500, { pathPrefix: CALL_LOG_PATH });
    const dir = tempDir();
    const run = startCli(LARGE_ARGS, syncEnv(dir, sim));
    await run.waitForLine(/call log page 1:/);
    run.kill('SIGKILL');
    await run.finished;
    const db = databasePath(dir);
    const kept = (await queryValue<number>(db, 'SELECT count(*) FROM recordings'));
    expect(kept).toBeGreaterThanOrEqual(1000);
    expect(kept).toBeLessThan(reference.recordings.length);
    expect((await queryValue(db, "SELECT count(*) FROM sync_state WHERE name = 'checkpoint'"))).toBe(0);
    expect((await queryValue(db, 'SELECT status FROM sync_runs WHERE pid = ?', run.child.pid))).toBe('running');
    await expectRecoveredAfterKill(sim, dir, LARGE_ARGS, reference, run.child.pid!);
  });
});
