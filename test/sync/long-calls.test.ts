import { describe, expect, it } from 'vitest';
import { LONG_CALL_MIN_SECONDS } from '../../src/simulator/generator/shape.js';
import type { Simulator } from '../../src/simulator/index.js';
import { cli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { queryValue } from './helpers/snapshot.js';
import { BACKENDS } from '../helpers/backends.js';
import { BUSY_ANCHOR, CALL_LOG_PATH, HOUR, MINUTE, TestClock, databasePath, startTestSimulator, syncEnv, writeConfig, useBackend } from './helpers/simulator.js';

const tempDir = useTempDirs();

/** A recorded call of 2.5 h or more, in progress at the anchor, that ends within the next `withinMs`. */
function longCallInProgress(sim: Simulator, withinMs: number): { index: number; endMs: number; ids: string[] } {
  for (let i = sim.account.callCount - 1; i >= 0; i--) {
    const shape = sim.account.shapeAt(i);
    const endMs = shape.startMs + shape.durationMs;
    if (shape.durationMs < LONG_CALL_MIN_SECONDS * 1000 || shape.recordings.length === 0) continue;
    if (endMs > BUSY_ANCHOR + 10 * MINUTE && endMs < BUSY_ANCHOR + withinMs) return { index: i, endMs, ids: shape.recordings.map((r) => r.id) };
  }
  throw new Error('no long call in progress at the anchor: pick another seed');
}

/**
 * Hourly syncs from just before a long call ends until 30 hours later. The call ends 5 minutes after
 * the first sync began: the edge where a re-read of only the last 24 h of start times, a day later,
 * would miss it, since it started hours before that.
 */
async function hourlySyncs(config: Record<string, unknown>) {
  const clock = new TestClock(BUSY_ANCHOR);
  const sim = await startTestSimulator({ seed: 11, calls: 1500, days: 3, longCallShare: 0.05, now: clock.now });
  const long = longCallInProgress(sim, 20 * HOUR);
  clock.advance(long.endMs - 5 * MINUTE - BUSY_ANCHOR);
  const dir = tempDir();
  writeConfig(dir, config);
  const env = syncEnv(dir, sim);
  const db = databasePath(dir);
  const stored = async () => (await queryValue<number>(db, `SELECT count(*) FROM recordings WHERE id IN (${long.ids.map(() => '?').join(',')})`, ...long.ids));
  const runs: Array<{ at: number; reread: boolean; stored: number; callLogRequests: number }> = [];
  for (let hour = 0; hour <= 30; hour++) {
    // Pages answered: an access token that expired between two hourly runs costs a 401 and a retry too.
    const pages = () => sim.requests.filter((r) => r.path === CALL_LOG_PATH && r.status === 200).length;
    const before = pages();
    const result = await cli(['sync', '--json', '--no-transcripts'], env, { now: clock.date });
    expect(result.exitCode, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    runs.push({
      at: clock.now(),
      reread: summary.longCallReread,
      stored: (await stored()),
      callLogRequests: pages() - before,
    });
    clock.advance(HOUR);
  }
  return { long, runs };
}

describe.each(BACKENDS)('calls longer than the lookback (%s)', (backend) => {
  useBackend(backend);

  it('are archived within a day of their end by one wider re-read a day', async () => {
    const { long, runs } = await hourlySyncs({ sync: { transcripts: false } });
    // Not in any ordinary window: the call started more than the 2 h lookback before it was listed.
    expect(runs[0]!.stored).toBe(0);
    expect(runs.slice(0, 24).every((run) => run.stored === 0)).toBe(true);
    const firstStored = runs.find((run) => run.stored === long.ids.length);
    expect(firstStored).toBeDefined();
    expect(firstStored!.at - long.endMs).toBeLessThanOrEqual(24 * HOUR);
    expect(firstStored!.reread).toBe(true);
    // One re-read in the 30 hours, and one call-log page a run: its ~48 h of start times hold fewer
    // than 1000 calls at this size, so the re-read costs no extra request here.
    expect(runs.filter((run) => run.reread)).toHaveLength(1);
    expect(runs.every((run) => run.callLogRequests === 1)).toBe(true);
    // Stored for good once archived.
    expect(runs.at(-1)!.stored).toBe(long.ids.length);
  });

  it('are lost when the daily re-read is turned off (sync.longestCall: false)', async () => {
    const { runs } = await hourlySyncs({ sync: { transcripts: false, longestCall: false } });
    expect(runs.every((run) => run.stored === 0 && !run.reread)).toBe(true);
  });
});
