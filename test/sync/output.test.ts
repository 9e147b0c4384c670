import { describe, expect, it } from 'vitest';
import { cli, spawnCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { queryValue } from './helpers/snapshot.js';
import { BACKENDS } from '../helpers/backends.js';
import { BUSY_ANCHOR, CALL_LOG_PATH, databasePath, startTestSimulator, syncEnv, writeConfig, useBackend } from './helpers/simulator.js';

const tempDir = useTempDirs();
const now = () => new Date(BUSY_ANCHOR);

/** The summary fields the contract fixes, with their types (docs/cli.md, "`recordings sync`"). */
const CONTRACT = {
  status: 'string',
  window: { from: 'string', to: 'string' },
  recordings: { seen: 'number', new: 'number', updated: 'number' },
  transcripts: { fetched: 'number', pending: 'number', unavailable: 'number', failed: 'number', backlog: 'number' },
  apiRequests: 'number',
  durationMs: 'number',
};

function expectContract(value: Record<string, unknown>, contract: Record<string, unknown>, path = ''): void {
  for (const [key, type] of Object.entries(contract)) {
    expect(value, `${path}${key}`).toHaveProperty(key);
    if (typeof type === 'string') expect(typeof value[key], `${path}${key}`).toBe(type);
    else expectContract(value[key] as Record<string, unknown>, type as Record<string, unknown>, `${path}${key}.`);
  }
}

describe.each(BACKENDS)('sync output and exit codes (%s)', (backend) => {
  useBackend(backend);

  it('--json prints one object with the contract fields; the counts match the database', async () => {
    const sim = await startTestSimulator({ calls: 200, now: () => BUSY_ANCHOR });
    const dir = tempDir();
    const result = await cli(['sync', '--json'], syncEnv(dir, sim), { now });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const summary = JSON.parse(result.stdout);
    expectContract(summary, CONTRACT);
    expect(summary.status).toBe('ok');
    const db = databasePath(dir);
    expect(summary.recordings.new).toBe((await queryValue(db, 'SELECT count(*) FROM recordings')));
    expect(summary.transcripts.fetched).toBe((await queryValue(db, "SELECT count(*) FROM recordings WHERE transcript_status = 'ready'")));
    expect(summary.apiRequests).toBe(sim.requests.length);
    expect((await queryValue(db, 'SELECT api_requests FROM sync_runs ORDER BY id DESC LIMIT 1'))).toBe(sim.requests.length);
  });

  it('the per-run cap leaves a backlog: counted in the summary and its JSON, worked off by the next syncs', async () => {
    const sim = await startTestSimulator({ calls: 200, now: () => BUSY_ANCHOR });
    const dir = tempDir();
    writeConfig(dir, { sync: { maxTranscriptsPerRun: 5 } });
    const db = databasePath(dir);
    const due = () =>
      queryValue<number>(
        db,
        "SELECT count(*) FROM recordings WHERE transcript_status = 'pending' AND (transcript_next_attempt_at IS NULL OR transcript_next_attempt_at <= ?)",
        new Date(BUSY_ANCHOR).toISOString(),
      );

    const first = await cli(['sync', '--json'], syncEnv(dir, sim), { now });
    expect(first.exitCode, first.stderr).toBe(0);
    const t = JSON.parse(first.stdout).transcripts;
    // `pending` and the rest are this run's outcomes (at most the cap); `backlog` is what is left.
    expect(t.fetched + t.pending + t.unavailable + t.failed + t.notLicensed).toBe(5);
    expect(t.backlog).toBe(await due());
    expect(t.backlog).toBeGreaterThan(5);

    const second = await cli(['sync'], syncEnv(dir, sim), { now });
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^Transcripts {3}\d+ fetched, \d+ pending, \d+ unavailable, \d+ failed\n/m);
    expect(second.stdout).toContain(`\nBacklog       ${t.backlog - 5} transcripts still due (a sync fetches at most 5: sync.maxTranscriptsPerRun)\n`);
    expect(await due()).toBe(t.backlog - 5);

    // Without a cap in the way the backlog is gone, and the summary does not mention it.
    writeConfig(dir, { sync: { maxTranscriptsPerRun: 1000 } });
    const third = await cli(['sync', '--json'], syncEnv(dir, sim), { now });
    expect(JSON.parse(third.stdout).transcripts.backlog).toBe(0);
    const fourth = await cli(['sync'], syncEnv(dir, sim), { now });
    expect(fourth.stdout).not.toContain('Backlog');
  });

  it('-q prints nothing on stderr for a clean run; without it a cron log gets timestamped progress lines', async () => {
    const sim = await startTestSimulator({ calls: 200, now: () => BUSY_ANCHOR });
    const quiet = await cli(['sync', '-q'], syncEnv(tempDir(), sim), { now });
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toMatch(/^Window {8}\S+ → \S+\nRecordings {4}\d+ seen, \d+ new, 0 updated\nTranscripts/);

    // bin/recordings runs on the real clock: a simulator whose calls end a few minutes ago.
    const live = await startTestSimulator({ calls: 200 });
    const spawned = await spawnCli(['sync'], syncEnv(tempDir(), live));
    expect(spawned.exitCode, spawned.stderr).toBe(0);
    const lines = spawned.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z sync: \S/);
    expect(spawned.stderr).toMatch(/sync: reading the call log from \S+ to \S+\n/);
    expect(spawned.stderr).toMatch(/sync: call log page 1: \d+ records; recordings seen \d+, new \d+, updated 0\n/);
    // No spinner or colour codes without a terminal.
    expect(spawned.stderr).not.toMatch(/\u001b\[/);
  });

  it('a wrong client secret is exit 3 with one line, and the secret is not in it', async () => {
    const sim = await startTestSimulator({ calls: 50 });
    const dir = tempDir();
    const wrong = 'NotTheSecret-0123456789';
    const env = syncEnv(dir, sim, { RC_APP_CLIENT_SECRET: wrong });
    const result = await spawnCli(['sync'], env);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('');
    // One error line (after any progress lines), and only that one with -q.
    expect(result.stderr.split('\n').filter((line) => line.startsWith('recordings: '))).toEqual([
      expect.stringMatching(/^recordings: RingCentral refused the credentials \(HTTP 401/),
    ]);
    const quiet = await spawnCli(['sync', '-q'], env);
    expect(quiet.exitCode).toBe(3);
    expect(quiet.stderr).toMatch(/^recordings: RingCentral refused the credentials[^\n]*\n$/);
    for (const output of [result.stderr, quiet.stderr]) {
      expect(output).not.toContain(wrong);
      expect(output).not.toContain(sim.credentials.jwt);
      expect(output).not.toMatch(/\n\s+at /);
    }
    expect(sim.stats().logins).toBe(0);
  });

  it('RingCentral down past the retry budget is exit 75 with one line; the checkpoint does not move', async () => {
    const sim = await startTestSimulator({ calls: 50 });
    const dir = tempDir();
    writeConfig(dir, { sync: { maxRetries: 1, requestTimeout: '2s' } });
    sim.faults.failNext(1000, { status: 503, pathPrefix: CALL_LOG_PATH });
    const result = await spawnCli(['sync'], syncEnv(dir, sim));
    expect(result.exitCode).toBe(75);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('recordings: '))).toEqual([
      expect.stringMatching(/^recordings: RingCentral kept answering HTTP 503 \(Heavy\) after 2 attempts; try again later$/),
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(sim.requests.filter((r) => r.path === CALL_LOG_PATH)).toHaveLength(2);
    const db = databasePath(dir);
    expect((await queryValue(db, "SELECT count(*) FROM sync_state WHERE name = 'checkpoint'"))).toBe(0);
    expect((await queryValue(db, 'SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1'))).toBe('failed');
  });

  it('RingCentral too slow (past sync.requestTimeout) or unreachable is exit 75 too', async () => {
    const sim = await startTestSimulator({ calls: 50 });
    const slowDir = tempDir();
    writeConfig(slowDir, { sync: { maxRetries: 1, requestTimeout: '1s' } });
    sim.faults.delay(5000, { pathPrefix: CALL_LOG_PATH });
    const slow = await spawnCli(['sync'], syncEnv(slowDir, sim));
    expect(slow.exitCode).toBe(75);
    expect(slow.stderr).toMatch(/^recordings: RingCentral gave no answer within 1 s \(Heavy\) after 2 attempts; try again later$/m);

    const downDir = tempDir();
    writeConfig(downDir, { sync: { maxRetries: 1 } });
    const closed = await startTestSimulator({ calls: 10 });
    const url = closed.url;
    await closed.stop();
    const down = await spawnCli(['sync'], syncEnv(downDir, sim, { RC_SERVER_URL: url }));
    expect(down.exitCode).toBe(75);
    expect(down.stderr).toMatch(/^recordings: Could not reach RingCentral \(ECONNREFUSED\) \(Auth\) after 2 attempts; try again later$/m);
  });
});
