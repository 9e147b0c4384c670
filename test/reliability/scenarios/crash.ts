import { rmSync, statSync } from 'node:fs';
import { cli } from '../../helpers/run-cli.js';
import { checkIntegrity } from '../../sync/helpers/snapshot.js';
import { queryRows, queryValue } from '../../helpers/backends.js';
import { startCli } from '../../sync/helpers/spawn.js';
import { ANCHOR, type Comparable, HOUR, type Lab, comparable, databasePath, iso, judge, seededRandom, simEnv, sleep, writeConfig } from './harness.js';

/** Crash-resume (issue 9, item 1): kill -9 a spawned sync at a seeded random moment, then sync normally. */
export interface CrashOptions {
  trials: number;
  seed: number;
  /** Calls in the simulated day. */
  calls: number;
  /** Every simulator answer takes this long, so that the run lasts long enough to be hit anywhere. */
  slowMs: number;
}

export interface CrashTrial {
  killAfterMs: number;
  /** Where the kill landed: before the database existed, in a phase of the run, or after it ended. */
  landed: 'before-start' | 'call-log' | 'transcripts' | 'audio' | 'after-end';
  integrityAfterKill: boolean;
  integrityAfterResume: boolean;
  identical: boolean;
  lost: number;
  /** Audio files whose size is not the simulator's. */
  badAudio: number;
  resumeExit: number;
  difference: string | null;
  passed: boolean;
}

export interface CrashReport {
  reference: { recordings: number; transcripts: number; audio: number; durationMs: number };
  trials: CrashTrial[];
}

/**
 * The spawned CLI runs on the real clock, the simulator stands still at ANCHOR (in the past): the
 * window is explicit, so both clocks agree on what it holds. Every recording's audio is archived in
 * one run (maxAudioPerRun above the window's count), so a resumed run ends where an undisturbed one does.
 */
const ARGS = ['sync', '--since', iso(ANCHOR - 8 * HOUR), '--until', iso(ANCHOR - HOUR), '--audio', '--json'];
const realNow = () => new Date();

export async function runCrashTrials(lab: Lab, options: CrashOptions): Promise<CrashReport> {
  // With the behaviours of live accounts switched on: MP3 and WAV content, insights in two stages,
  // no refresh tokens (docs/design.md, "RingCentral as it really behaves").
  const simOptions = { seed: options.seed, calls: options.calls, days: 1, audioFormat: 'mixed' as const, twoStageShare: 0.3, issueRefreshTokens: false };
  const config = { sync: { maxAudioPerRun: 10_000 } };

  // The undisturbed run: in-process, no delay; and a spawned slow one to learn how long a run lasts.
  const refSim = await lab.simulator(simOptions);
  const refDir = lab.dir();
  writeConfig(refDir, config);
  const refEnv = simEnv(refDir, refSim);
  const undisturbed = await cli(ARGS, refEnv, { now: realNow });
  if (undisturbed.exitCode !== 0) throw new Error(`the undisturbed sync failed: ${undisturbed.stderr}`);
  const reference: Comparable = await comparable(databasePath(refDir), refEnv);

  const timingSim = await lab.simulator(simOptions);
  timingSim.faults.delay(options.slowMs);
  const timingDir = lab.dir();
  writeConfig(timingDir, config);
  const started = Date.now();
  const timed = startCli(ARGS, simEnv(timingDir, timingSim), 120_000);
  const timedEnd = await timed.finished;
  if (timedEnd.exitCode !== 0) throw new Error(`the slow sync failed: ${timedEnd.stderr}`);
  const durationMs = Date.now() - started;

  const random = seededRandom(options.seed);
  const trials: CrashTrial[] = [];
  for (let i = 0; i < options.trials; i++) {
    const killAfterMs = Math.round(random() * durationMs);
    const sim = await lab.simulator(simOptions);
    sim.faults.delay(options.slowMs);
    const dir = lab.dir();
    writeConfig(dir, config);
    const env = simEnv(dir, sim);
    const db = databasePath(dir);
    const run = startCli(ARGS, env, 120_000);
    await Promise.race([sleep(killAfterMs), run.finished]);
    const lastLine = run.stderr.trimEnd().split('\n').at(-1) ?? '';
    run.kill('SIGKILL');
    const ended = await run.finished;
    const landed = ended.signal !== 'SIGKILL' ? 'after-end' : await phaseOf(db, run.child.pid!, lastLine);
    const integrityAfterKill = landed === 'before-start' || (await soundDatabase(db));

    sim.faults.clear();
    const resumed = await cli(ARGS, env, { now: realNow });
    const verdict = await judge(db, env, reference);
    const badAudio = await countBadAudio(db, (id) => sim.account.audioFor(id).length);
    const integrityAfterResume = verdict.integrity;
    trials.push({
      killAfterMs,
      landed,
      integrityAfterKill,
      integrityAfterResume,
      identical: verdict.identical,
      lost: verdict.lost.length,
      badAudio,
      resumeExit: resumed.exitCode,
      difference: verdict.difference ?? (resumed.exitCode === 0 ? null : resumed.stderr.slice(0, 300)),
      passed: integrityAfterKill && integrityAfterResume && verdict.identical && badAudio === 0 && resumed.exitCode === 0,
    });
    // Each trial's audio is tens of MB: gone before the next trial.
    rmSync(dir, { recursive: true, force: true });
  }
  const counts = reference.snapshot.recordings;
  return {
    reference: {
      recordings: counts.length,
      transcripts: counts.filter((row) => row.transcript_status === 'ready').length,
      audio: counts.filter((row) => row.audio_path !== null).length,
      durationMs,
    },
    trials,
  };
}

/** The phase the killed run was in, from its run record and its last progress line. */
async function phaseOf(db: string, pid: number, lastLine: string): Promise<CrashTrial['landed']> {
  let status: string | null;
  try {
    status = await queryValue<string | null>(db, 'SELECT status FROM sync_runs WHERE pid = ?', pid);
  } catch {
    return 'before-start';
  }
  if (status === null) return 'before-start';
  if (status !== 'running') return 'after-end';
  if (/audio|archiv/i.test(lastLine)) return 'audio';
  if (/transcript/i.test(lastLine)) return 'transcripts';
  return 'call-log';
}

async function soundDatabase(db: string): Promise<boolean> {
  try {
    return (await checkIntegrity(db)).integrity === 'ok';
  } catch {
    return false;
  }
}

/** Archived files that are missing or not the simulator's size; stray `.part` files do not count. */
async function countBadAudio(db: string, expectedBytes: (id: string) => number): Promise<number> {
  const rows = await queryRows<{ id: string; audio_path: string; audio_bytes: number }>(db, 'SELECT id, audio_path, audio_bytes FROM recordings WHERE audio_path IS NOT NULL');
  return rows.filter((row) => {
    try {
      const size = statSync(row.audio_path).size;
      return size !== expectedBytes(row.id) || size !== row.audio_bytes;
    } catch {
      return true;
    }
  }).length;
}
