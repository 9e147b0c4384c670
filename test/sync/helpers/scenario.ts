import { expect } from 'vitest';
import type { Simulator, SimulatorOptions } from '../../../src/simulator/index.js';
import type { CliResult } from '../../helpers/run-cli.js';
import { cliWithHooks } from './run-sync.js';
import { checkIntegrity, type DatabaseSnapshot, snapshotDatabase } from './snapshot.js';
import { BUSY_ANCHOR, TestClock, databasePath, startTestSimulator, syncEnv, writeConfig } from './simulator.js';

export interface Scenario {
  simulator: SimulatorOptions;
  /** The command line of every sync of the scenario (cron runs the same one each time). */
  args: string[];
  config?: Record<string, unknown>;
  /** The simulator clock runs in real time (rate-limit windows need it). */
  runningClock?: boolean;
}

export interface RunContext {
  sim: Simulator;
  clock: TestClock;
  dir: string;
  env: Record<string, string | undefined>;
  db: string;
  sync(options?: { args?: string[]; onStderrLine?: (line: string) => void }): Promise<CliResult>;
}

/** A simulator and a database for one side of a comparison; the sync's clock is the simulator's. */
export async function prepare(scenario: Scenario, dir: string): Promise<RunContext> {
  const clock = new TestClock(BUSY_ANCHOR);
  const sim = await startTestSimulator({ ...scenario.simulator, now: clock.now });
  if (scenario.runningClock) clock.run();
  if (scenario.config) writeConfig(dir, scenario.config);
  const env = syncEnv(dir, sim);
  return {
    sim,
    clock,
    dir,
    env,
    db: databasePath(dir),
    // The sync sees the anchor as "now" whatever the simulator clock does, so both sides of a
    // comparison compute the same windows and transcript decisions.
    sync: (options = {}) => cliWithHooks(options.args ?? scenario.args, env, { now: () => new Date(BUSY_ANCHOR), onStderrLine: options.onStderrLine }),
  };
}

/** The database an undisturbed sync of the scenario leaves (or several in a row, each with its own arguments). */
export async function undisturbed(scenario: Scenario, dir: string, runs: string[][] = [scenario.args]): Promise<DatabaseSnapshot> {
  const run = await prepare(scenario, dir);
  for (const args of runs) {
    const result = await run.sync({ args });
    expect(result.exitCode, result.stderr).toBe(0);
  }
  expect((await checkIntegrity(run.db)).integrity).toBe('ok');
  return (await snapshotDatabase(run.db));
}

/** After a disturbed sync and then a normal one, the database must equal the undisturbed one and be sound. */
export async function expectRecovered(run: RunContext, reference: DatabaseSnapshot): Promise<void> {
  run.sim.faults.clear();
  const normal = await run.sync();
  expect(normal.exitCode, normal.stderr).toBe(0);
  const integrity = (await checkIntegrity(run.db));
  expect(integrity.integrity).toBe('ok');
  const snapshot = (await snapshotDatabase(run.db));
  expect(snapshot.recordings.length).toBeGreaterThan(0);
  expect(snapshot.recordings.length).toBe(reference.recordings.length);
  expect(snapshot).toEqual(reference);
  expect(integrity.ftsRows).toBe(reference.recordings.length);
}
