import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIMULATOR_ACCOUNT_ID } from '../../src/simulator/index.js';
import { cli, spawnCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { queryAll, queryValue } from './helpers/snapshot.js';
import { BACKENDS } from '../helpers/backends.js';
import { ANCHOR, HOUR, TOKEN_PATH, audioDirOf, databasePath, iso, startTestSimulator, syncEnv, useBackend } from './helpers/simulator.js';
import { sleep, startCli } from './helpers/spawn.js';
import { CTRL_C, HAS_UTIL_LINUX_SCRIPT, startInTerminal, type TerminalRun } from './helpers/terminal.js';

const tempDir = useTempDirs();

/** A backfill of the simulator's recent calls (bin/recordings runs on the real clock). */
const WINDOW = ['--since', iso(ANCHOR - 20 * HOUR), '--until', iso(ANCHOR - HOUR)];
/** RingSense (Light) allows 8 requests a minute: the sync soon waits most of a minute. */
const TIGHT_LIGHT = { Light: { limit: 8, windowSeconds: 60 } };

/** How long the program took to end after `since`; null when it was still running after `withinMs`. */
async function endedWithin(run: TerminalRun, since: number, withinMs: number): Promise<{ exitCode: number | null; ms: number } | null> {
  const ended = await Promise.race([run.finished, sleep(withinMs).then(() => null)]);
  return ended && { exitCode: ended.exitCode, ms: ended.endedAt - since };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(50);
  }
}

/** Runs recorded as running; 0 while the database does not exist yet. */
async function runningRuns(db: string): Promise<number> {
  try {
    return await queryValue<number>(db, "SELECT count(*) FROM sync_runs WHERE status = 'running'");
  } catch {
    return 0;
  }
}

async function readyTranscripts(db: string): Promise<number> {
  return await queryValue<number>(db, "SELECT count(*) FROM recordings WHERE transcript_status = 'ready'");
}

async function dueTranscripts(db: string): Promise<number> {
  return await queryValue<number>(
    db,
    "SELECT count(*) FROM recordings WHERE transcript_status = 'pending' AND (transcript_next_attempt_at IS NULL OR transcript_next_attempt_at <= ?)",
    new Date().toISOString(),
  );
}

interface RunRow {
  status: string;
  error: string | null;
  transcripts_fetched: number;
}

async function lastRun(db: string): Promise<RunRow> {
  return (await queryAll<RunRow>(db, 'SELECT status, error, transcripts_fetched FROM sync_runs ORDER BY id DESC LIMIT 1'))[0]!;
}

describe.skipIf(!HAS_UTIL_LINUX_SCRIPT).each(BACKENDS)('Ctrl-C on a terminal (a pseudo-terminal, through util-linux script) (%s)', (backend) => {
  useBackend(backend);

  it('during a rate-limit wait, with the spinner showing: stops at once, keeps what was stored, records the run interrupted, exits 130', async () => {
    const sim = await startTestSimulator({ seed: 31, calls: 300, rateLimits: TIGHT_LIGHT });
    const dir = tempDir();
    const run = startInTerminal(['sync', ...WINDOW], syncEnv(dir, sim));
    await run.waitFor(/fetching transcripts — \d+\/\d+.* — waiting \d+ s \(Light\): pacing/);
    const pressed = Date.now();
    run.type(CTRL_C);
    const ended = await endedWithin(run, pressed, 10_000);
    expect(ended, `Ctrl-C was ignored; the terminal shows:\n${run.screen.slice(-1500)}`).not.toBeNull();
    expect(ended!.exitCode, run.screen).toBe(130);
    expect(ended!.ms).toBeLessThan(5000);
    expect(run.screen).toMatch(/recordings: SIGINT: stopping after the current step/);
    expect(run.screen).toMatch(/Status {8}interrupted/);

    const db = databasePath(dir);
    const ready = await readyTranscripts(db);
    expect(ready).toBeGreaterThan(0);
    expect(run.screen).toMatch(new RegExp(`Transcripts {3}${ready} fetched, `));
    expect(run.screen).toMatch(new RegExp(`Backlog {7}${await dueTranscripts(db)} transcripts still due`));
    expect(await lastRun(db)).toEqual({ status: 'interrupted', error: 'stopped by SIGINT', transcripts_fetched: ready });
    expect(await queryValue(db, "SELECT count(*) FROM sync_state WHERE name = 'sync_lock'")).toBe(0);
    // The checkpoint moved (the call log was complete); the interrupted transcripts are simply still due.
    expect(await queryValue(db, "SELECT count(*) FROM sync_state WHERE name = 'checkpoint'")).toBe(1);
  });

  it('while transcripts are being fetched: the requests in flight are cancelled and their recordings stay due as they were', async () => {
    const sim = await startTestSimulator({ seed: 32, calls: 300 });
    sim.faults.delay(60);
    const dir = tempDir();
    const run = startInTerminal(['sync', ...WINDOW], syncEnv(dir, sim));
    await run.waitFor(/fetching transcripts — [1-9]\d*\/\d+/);
    const pressed = Date.now();
    run.type(CTRL_C);
    const ended = await endedWithin(run, pressed, 10_000);
    expect(ended, `Ctrl-C was ignored; the terminal shows:\n${run.screen.slice(-1500)}`).not.toBeNull();
    expect(ended!.exitCode, run.screen).toBe(130);
    expect(ended!.ms).toBeLessThan(3000);

    const db = databasePath(dir);
    const ready = await readyTranscripts(db);
    expect(ready).toBeGreaterThan(0);
    expect(await lastRun(db)).toEqual({ status: 'interrupted', error: 'stopped by SIGINT', transcripts_fetched: ready });
    // A cancelled request is not a failed one: nothing was pushed back or marked with an error.
    // (RingSense's own 404 for a call it has no insights for is an answer, and is recorded as one.)
    const setBack = await queryAll<{ transcript_error: string }>(db, "SELECT transcript_error FROM recordings WHERE transcript_status = 'pending' AND transcript_error IS NOT NULL");
    expect(setBack.filter((row) => !/\(404\)$/.test(row.transcript_error))).toEqual([]);

    // `status` reports the run as interrupted, for that reason.
    const status = await cli(['status'], syncEnv(dir, sim));
    expect(status.stdout).toMatch(new RegExp(`^Last sync +\\S+ interrupted in \\d+\\.\\d s:.*, ${ready} transcripts?, \\d+ requests? — stopped by SIGINT$`, 'm'));
  });

  it('while audio is downloading: what was archived is kept and counted, no partial file is left', async () => {
    const sim = await startTestSimulator({ seed: 37, calls: 300 });
    sim.faults.delay(150, { pathPrefix: `/restapi/v1.0/account/${SIMULATOR_ACCOUNT_ID}/recording/` });
    const dir = tempDir();
    const run = startInTerminal(['sync', ...WINDOW, '--no-transcripts', '--audio'], syncEnv(dir, sim));
    await run.waitFor(/downloading audio — [1-9]\d*\/\d+/);
    const pressed = Date.now();
    run.type(CTRL_C);
    const ended = await endedWithin(run, pressed, 10_000);
    expect(ended, `Ctrl-C was ignored; the terminal shows:\n${run.screen.slice(-1500)}`).not.toBeNull();
    expect(ended!.exitCode, run.screen).toBe(130);
    expect(ended!.ms).toBeLessThan(3000);

    const db = databasePath(dir);
    const archived = await queryValue<number>(db, "SELECT count(*) FROM recordings WHERE audio_status = 'archived'");
    expect(archived).toBeGreaterThan(0);
    expect(archived).toBeLessThan(await queryValue<number>(db, 'SELECT count(*) FROM recordings'));
    expect(run.screen).toMatch(new RegExp(`Audio {9}${archived} archived`));
    expect(await lastRun(db)).toMatchObject({ status: 'interrupted', error: 'stopped by SIGINT' });
    const files = readdirSync(audioDirOf(dir), { recursive: true }).map(String);
    expect(files.filter((name) => name.endsWith('.wav'))).toHaveLength(archived);
    expect(files.filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('a second Ctrl-C ends it at once, even inside a step that does not stop; the next sync takes over its lock', async () => {
    const sim = await startTestSimulator({ seed: 33, calls: 100 });
    // The login is a step the first Ctrl-C lets finish.
    sim.faults.delay(8000, { pathPrefix: TOKEN_PATH });
    const dir = tempDir();
    const run = startInTerminal(['sync', ...WINDOW], syncEnv(dir, sim));
    await run.waitFor(/starting sync/);
    // The run has started (lock taken, run recorded) and is logging in.
    await until(async () => (await runningRuns(databasePath(dir))) === 1, 10_000);
    await sleep(300);
    const firstPress = Date.now();
    run.type(CTRL_C);
    await run.waitFor(/recordings: SIGINT: stopping after the current step \(again to stop at once\)/, 5000);
    run.type(CTRL_C);
    const ended = await endedWithin(run, firstPress, 10_000);
    expect(ended, `the second Ctrl-C was ignored; the terminal shows:\n${run.screen.slice(-1500)}`).not.toBeNull();
    expect(ended!.exitCode, run.screen).toBe(130);
    expect(ended!.ms).toBeLessThan(5000);

    sim.faults.clear();
    const next = await spawnCli(['sync', ...WINDOW], syncEnv(dir, sim));
    expect(next.exitCode, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/took over the lock of a sync that died \(pid \d+/);
    const db = databasePath(dir);
    expect(await queryAll(db, 'SELECT status FROM sync_runs ORDER BY id')).toEqual([{ status: 'interrupted' }, { status: 'ok' }]);
  });

  it('--schedule: Ctrl-C during a sync stops the sync and the schedule (exit 0); between syncs it stops at once', async () => {
    const sim = await startTestSimulator({ seed: 34, calls: 300, rateLimits: TIGHT_LIGHT });
    const dir = tempDir();
    const busy = startInTerminal(['sync', '--schedule', '* * * * * *', ...WINDOW], syncEnv(dir, sim));
    await busy.waitFor(/waiting \d+ s \(Light\)/);
    const pressed = Date.now();
    busy.type(CTRL_C);
    const ended = await endedWithin(busy, pressed, 10_000);
    expect(ended, `Ctrl-C was ignored; the terminal shows:\n${busy.screen.slice(-1500)}`).not.toBeNull();
    expect(ended!.exitCode, busy.screen).toBe(0);
    expect(ended!.ms).toBeLessThan(5000);
    expect(busy.screen).toMatch(/schedule: stopped/);
    expect(await lastRun(databasePath(dir))).toMatchObject({ status: 'interrupted', error: 'stopped by SIGINT' });

    const idleSim = await startTestSimulator({ seed: 35, calls: 20 });
    const idleDir = tempDir();
    const idle = startInTerminal(['sync', '--schedule', '0 0 1 1 *'], syncEnv(idleDir, idleSim));
    await idle.waitFor(/schedule: syncing on '0 0 1 1 \*'/);
    const idlePressed = Date.now();
    idle.type(CTRL_C);
    const idleEnded = await endedWithin(idle, idlePressed, 10_000);
    expect(idleEnded, idle.screen).not.toBeNull();
    expect(idleEnded!.exitCode, idle.screen).toBe(0);
    expect(idleEnded!.ms).toBeLessThan(3000);
  });
});

describe.each(BACKENDS)('SIGINT without a terminal (cron, a pipe) (%s)', (backend) => {
  useBackend(backend);

  it('--json: the summary counts what the run stored before it stopped, and what is still due', async () => {
    const sim = await startTestSimulator({ seed: 36, calls: 300 });
    sim.faults.delay(40);
    const dir = tempDir();
    const run = startCli(['sync', ...WINDOW, '--json'], syncEnv(dir, sim));
    await run.waitForLine(/fetching \d+ due transcripts/);
    await sleep(400);
    run.kill('SIGINT');
    const ended = await run.finished;
    expect(ended.exitCode, ended.stderr).toBe(130);
    expect(ended.stderr).not.toMatch(/Cannot create property/);
    const summary = JSON.parse(ended.stdout);
    expect(summary.status).toBe('interrupted');
    const db = databasePath(dir);
    const ready = await readyTranscripts(db);
    expect(ready).toBeGreaterThan(0);
    expect(summary.transcripts.fetched).toBe(ready);
    expect(summary.transcripts.backlog).toBe(await dueTranscripts(db));
    expect(summary.transcripts.backlog).toBeGreaterThan(0);
    expect(await lastRun(db)).toEqual({ status: 'interrupted', error: 'stopped by SIGINT', transcripts_fetched: ready });
  });
});
