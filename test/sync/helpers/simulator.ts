import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { archiveFor, currentBackend, useBackend } from '../../helpers/backends.js';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../../src/simulator/index.js';
import { simulatorEnv } from '../../helpers/simulator-env.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The moment every simulator of this process is anchored at: a whole minute close to real time. */
export const ANCHOR = Math.floor(Date.now() / MINUTE) * MINUTE - 5 * MINUTE;

/**
 * A fixed instant at a restaurant's lunch peak (12:30 Pacific), for in-process syncs that get this
 * clock too: there are calls in any recent hour whatever the time of day the tests run.
 */
export const BUSY_ANCHOR = Date.parse('2026-11-20T20:30:00.000Z');

/**
 * A simulator clock frozen at `anchor` (so two simulators built on it generate the same account,
 * whenever they start) that a test can move by hand or let run in real time.
 */
export class TestClock {
  private offset = 0;
  private runningSince: number | null = null;

  constructor(readonly anchor: number = ANCHOR) {}

  readonly now = (): number => this.anchor + this.offset + (this.runningSince === null ? 0 : Date.now() - this.runningSince);

  /** The same instant as a Date, for the sync's own clock (`cli(..., { now })`). */
  readonly date = (): Date => new Date(this.now());

  advance(ms: number): void {
    this.offset += ms;
  }

  /** From now on the clock moves with real time (rate-limit windows and penalties need that). */
  run(): void {
    this.runningSince ??= Date.now();
  }
}

const started: Simulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.stop()));
});

/** A simulator stopped after the test; frozen at ANCHOR unless the options say otherwise. */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ seed: 7, calls: 300, days: 1, now: () => ANCHOR, ...options });
  started.push(sim);
  return sim;
}

/** Environment of a sync against `sim`, everything (database, tokens, config) inside `dir`. */
export function syncEnv(dir: string, sim: Simulator, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return simulatorEnv(dir, sim, {
    RECORDINGS_DB: databasePath(dir),
    NO_COLOR: '1',
    ...extra,
  });
}

export { useBackend };

/**
 * Where sync --audio archives audio by default: beside the database file, or for a PostgreSQL archive
 * (which has no file) in the data folder, `$XDG_DATA_HOME/recordings/audio` (src/config/load.ts).
 */
export function audioDirOf(dir: string): string {
  return currentBackend() === 'sqlite' ? join(dir, 'data', 'audio') : join(dir, 'data', 'recordings', 'audio');
}

/** The archive of the test whose files are in `dir` (`--db`, RECORDINGS_DB), on the backend useBackend() chose. */
export function databasePath(dir: string): string {
  return archiveFor(dir, join(dir, 'data', 'recordings.db'));
}

/** Writes the config file a sync in `dir` reads by default (`$XDG_CONFIG_HOME/recordings/config.json`). */
export function writeConfig(dir: string, config: Record<string, unknown>): string {
  const folder = join(dir, 'config', 'recordings');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, 'config.json');
  writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
  return path;
}

export const CALL_LOG_PATH = '/restapi/v1.0/account/~/call-log';
export const INSIGHTS_PREFIX = '/ai/ringsense/v1/public/accounts/~/domains/pbx/records/';
export const TOKEN_PATH = '/restapi/oauth/token';

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
