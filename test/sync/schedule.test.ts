import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.js';
import { BACKENDS, useBackend } from '../helpers/backends.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { recordedCallCount } from './helpers/expected.js';
import { queryAll, queryValue } from './helpers/snapshot.js';
import { ANCHOR, CALL_LOG_PATH, DAY, databasePath, startTestSimulator, syncEnv } from './helpers/simulator.js';
import { sleep, startCli } from './helpers/spawn.js';

const tempDir = useTempDirs();

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe.each(BACKENDS)('sync --schedule (%s)', (backend) => {
  useBackend(backend);

  it('runs a sync on every tick, one at a time, and SIGTERM stops it cleanly with exit 0', async () => {
    const sim = await startTestSimulator({ calls: 200 });
    const dir = tempDir();
    const run = startCli(['sync', '--schedule', '* * * * * *', '--json'], syncEnv(dir, sim));
    await run.waitForLine(/schedule: syncing on '\* \* \* \* \* \*'; next at \S+; Ctrl-C to stop/);
    const summaries = () => run.stdout.split('\n').filter((line) => line.startsWith('{'));
    await until(() => summaries().length >= 3, 15_000, 'three syncs');
    run.kill('SIGTERM');
    const ended = await run.finished;
    expect(ended.exitCode, ended.stderr).toBe(0);
    expect(ended.stderr).toMatch(/schedule: stopped\n$/);
    const parsed = summaries().map((line) => JSON.parse(line));
    expect(parsed[0].recordings.new).toBeGreaterThan(0);
    for (const later of parsed.slice(1)) expect(later.recordings.new).toBe(0);
    const db = databasePath(dir);
    const runs = (await queryAll<{ status: string; started_at: string; finished_at: string }>(db, 'SELECT status, started_at, finished_at FROM sync_runs ORDER BY id'));
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.every((r) => r.status === 'ok' || r.status === 'interrupted')).toBe(true);
    // One at a time: each run started after the previous one finished.
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.started_at >= runs[i - 1]!.finished_at).toBe(true);
    expect((await queryValue(db, "SELECT count(*) FROM sync_state WHERE name = 'sync_lock'"))).toBe(0);
  });

  it('SIGTERM during a sync keeps the pages already committed and stops without waiting for the next one', async () => {
    const sim = await startTestSimulator({ seed: 51, calls: 3000 });
    expect(recordedCallCount(sim, ANCHOR - DAY, ANCHOR)).toBeGreaterThan(1000);
    sim.faults.delay(4000, { pathPrefix: CALL_LOG_PATH });
    const dir = tempDir();
    const run = startCli(['sync', '--schedule', '* * * * * *', '--no-transcripts'], syncEnv(dir, sim));
    await run.waitForLine(/call log page 1:/);
    const signalled = Date.now();
    run.kill('SIGTERM');
    const ended = await run.finished;
    expect(ended.exitCode, ended.stderr).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(3000);
    expect(ended.stderr).toMatch(/recordings: SIGTERM: stopping after the current step/);
    const db = databasePath(dir);
    expect((await queryValue(db, 'SELECT count(*) FROM recordings'))).toBeGreaterThanOrEqual(1000);
    expect((await queryValue(db, "SELECT count(*) FROM sync_state WHERE name = 'checkpoint'"))).toBe(0);
    expect((await queryValue(db, 'SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1'))).toBe('interrupted');
    expect((await queryValue(db, "SELECT count(*) FROM sync_state WHERE name = 'sync_lock'"))).toBe(0);
  });

  it('an invalid cron expression is exit 2 with one line', async () => {
    const sim = await startTestSimulator({ calls: 10 });
    const result = await cli(['sync', '--schedule', 'every five minutes'], syncEnv(tempDir(), sim));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^recordings: --schedule: 'every five minutes' is not a cron expression\n/);
    expect(result.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
    expect(sim.requests).toEqual([]);
  });
});
