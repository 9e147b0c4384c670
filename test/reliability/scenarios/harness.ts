import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../../src/simulator/index.js';
import { type CliResult, cli } from '../../helpers/run-cli.js';
import { simulatorEnv } from '../../helpers/simulator-env.js';
import { cliWithHooks } from '../../sync/helpers/run-sync.js';
import { checkIntegrity, type DatabaseSnapshot, snapshotDatabase } from '../../sync/helpers/snapshot.js';
import { archiveFor } from '../../helpers/backends.js';
import { isPostgresUrl } from '../../../src/util/database-url.js';

/*
 * The scenarios run under vitest (CI size) and under test/reliability/chaos.ts (long mode), so nothing here
 * imports vitest's hooks: a Lab owns its simulators and folders and is closed by whoever made it.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Lunch peak at a restaurant (12:30 Pacific): every recent hour has calls. */
export const ANCHOR = Date.parse('2026-11-20T20:30:00.000Z');
export const anchorDate = (): Date => new Date(ANCHOR);

export const CALL_LOG_PATH = '/restapi/v1.0/account/~/call-log';
export const INSIGHTS_PREFIX = '/ai/ringsense/v1/public/accounts/~/domains/pbx/records/';
export const TOKEN_PATH = '/restapi/oauth/token';

export const iso = (ms: number): string => new Date(ms).toISOString();

/** Simulators and temp folders of one suite or one chaos run, all released by close(). */
export class Lab {
  private readonly sims: Simulator[] = [];
  private readonly dirs: string[] = [];

  dir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'rec-'));
    this.dirs.push(dir);
    return dir;
  }

  /** A simulator whose clock stands still at ANCHOR unless `now` says otherwise: same seed, same account. */
  async simulator(options: SimulatorOptions = {}): Promise<Simulator> {
    const sim = await startSimulator({ seed: 7, calls: 300, days: 1, now: () => ANCHOR, ...options });
    this.sims.push(sim);
    return sim;
  }

  async close(): Promise<void> {
    await Promise.all(this.sims.splice(0).map((sim) => sim.stop()));
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** The archive of a rig in `dir`: a file, or on PostgreSQL (test/helpers/backends.ts, useBackend) the folder's own schema. */
export function databasePath(dir: string): string {
  return archiveFor(dir, join(dir, 'data', 'recordings.db'));
}

/** Everything (database, tokens, config, cache) inside `dir`; credentials from the environment. */
export function simEnv(dir: string, sim: Simulator, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return simulatorEnv(dir, sim, {
    RECORDINGS_DB: databasePath(dir),
    NO_COLOR: '1',
    ...extra,
  });
}

/** The config file read by default in `dir`. */
export function writeConfig(dir: string, config: Record<string, unknown>): string {
  const folder = join(dir, 'config', 'recordings');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, 'config.json');
  writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
  return path;
}

/** One side of a comparison: a fresh simulator and database; every sync runs in-process with the clock at `now`. */
export interface Rig {
  sim: Simulator;
  dir: string;
  env: Record<string, string | undefined>;
  db: string;
  sync(args: string[], options?: { now?: () => Date; onStderrLine?: (line: string) => void }): Promise<CliResult>;
  run(args: string[], now?: () => Date): Promise<CliResult>;
}

export async function rig(lab: Lab, simulator: SimulatorOptions, config?: Record<string, unknown>): Promise<Rig> {
  const sim = await lab.simulator(simulator);
  const dir = lab.dir();
  if (config) writeConfig(dir, config);
  const env = simEnv(dir, sim);
  return {
    sim,
    dir,
    env,
    db: databasePath(dir),
    sync: (args, options = {}) => cliWithHooks(args, env, { now: options.now ?? anchorDate, onStderrLine: options.onStderrLine }),
    run: (args, now = anchorDate) => cli(args, env, { now }),
  };
}

/** What "identical to an undisturbed run" compares: every stored field but bookkeeping, and the export. */
export interface Comparable {
  snapshot: DatabaseSnapshot;
  exportNdjson: string;
}

/**
 * The shared snapshot (test/sync/helpers/snapshot.ts) leaves out when and how often we asked;
 * `transcript_error` is bookkeeping too (the last failure's wording, not RingCentral's data).
 */
export async function comparable(db: string, env: Record<string, string | undefined>): Promise<Comparable> {
  // Audio lives beside a database file, or in the data folder for a PostgreSQL archive (src/config/load.ts).
  const audioDir = isPostgresUrl(db) ? join(env.XDG_DATA_HOME!, 'recordings', 'audio') : join(db, '..', 'audio');
  const snapshot = await snapshotDatabase(db, { audioDir });
  for (const row of snapshot.recordings) delete row.transcript_error;
  const exported = await cli(['--db', db, 'export', '--format', 'ndjson'], env, { now: anchorDate });
  if (exported.exitCode !== 0) throw new Error(`export failed (${exported.exitCode}): ${exported.stderr}`);
  return { snapshot, exportNdjson: exported.stdout };
}

export interface Verdict {
  integrity: boolean;
  identical: boolean;
  /** Recording ids the reference holds that this database does not. */
  lost: string[];
  /** A short reason when not identical. */
  difference: string | null;
}

/** Integrity (SQLite and FTS5) and equality with the reference. */
export async function judge(db: string, env: Record<string, string | undefined>, reference: Comparable): Promise<Verdict> {
  let integrity: boolean;
  let ftsRows = -1;
  try {
    const check = (await checkIntegrity(db));
    integrity = check.integrity === 'ok';
    ftsRows = check.ftsRows;
  } catch {
    integrity = false;
  }
  const actual = await comparable(db, env);
  const ids = new Set(actual.snapshot.recordings.map((row) => row.id as string));
  const lost = reference.snapshot.recordings.map((row) => row.id as string).filter((id) => !ids.has(id));
  const difference = describeDifference(reference, actual, ftsRows);
  return { integrity: integrity && ftsRows === actual.snapshot.recordings.length, identical: difference === null, lost, difference };
}

function describeDifference(expected: Comparable, actual: Comparable, ftsRows: number): string | null {
  const e = expected.snapshot;
  const a = actual.snapshot;
  if (a.recordings.length !== e.recordings.length) return `${a.recordings.length} recordings instead of ${e.recordings.length}`;
  if (ftsRows !== a.recordings.length) return `${ftsRows} rows in the FTS index for ${a.recordings.length} recordings`;
  for (const [name, left, right] of [
    ['recordings', e.recordings, a.recordings],
    ['transcript segments', e.segments, a.segments],
    ['insights', e.insights, a.insights],
  ] as const) {
    if (left.length !== right.length) return `${right.length} ${name} instead of ${left.length}`;
    for (let i = 0; i < left.length; i++) {
      const l = left[i]!;
      const r = right[i]!;
      const columns = Object.keys({ ...l, ...r }).filter((column) => JSON.stringify(l[column]) !== JSON.stringify(r[column]));
      if (columns.length > 0) {
        const shown = columns.map((column) => `${column}: ${JSON.stringify(r[column])?.slice(0, 120)} instead of ${JSON.stringify(l[column])?.slice(0, 120)}`);
        return `${name} row ${String(l.id ?? l.recording_id ?? i)} differs, ${shown.join('; ')}`;
      }
    }
  }
  if (a.checkpoint !== e.checkpoint) return `checkpoint ${a.checkpoint} instead of ${e.checkpoint}`;
  if (JSON.stringify(a.searches) !== JSON.stringify(e.searches)) return 'FTS searches match different recordings';
  if (actual.exportNdjson !== expected.exportNdjson) return 'the ndjson export differs';
  return null;
}

/** A mulberry32 generator: trials and fuzz runs are reproducible from their seed. */
export { seededRandom, sleep } from '../../sync/helpers/spawn.js';
