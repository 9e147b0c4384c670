import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { cli } from '../helpers/run-cli.js';
import { seedDatabaseFile } from '../helpers/seed.js';
import { simulatorEnv } from '../helpers/simulator-env.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { DATA_SET } from './data-set.js';
import { BACKENDS, archiveFor, executeSql, queryRows, useBackend } from '../helpers/backends.js';

/**
 * Times in text output (docs/cli.md, "Times"): local and human on a terminal, ISO 8601 UTC when
 * piped, ISO UTC in JSON either way. Every test runs in a zone that is not UTC (Node reads TZ again
 * when it changes), so UTC printed for a person, or local time for a program, fails.
 */
const tempDir = useTempDirs();
const zoneBefore = process.env.TZ;
afterEach(() => {
  if (zoneBefore === undefined) delete process.env.TZ;
  else process.env.TZ = zoneBefore;
});

const NOW = new Date('2026-11-26T12:00:00.000Z');
const now = () => new Date(NOW);
const TERMINAL = { now, terminal: { columns: 100 } };
const PIPED = { now };

/** The data set plus a sync five minutes ago, its checkpoint, and a transcript due in 12 minutes. */
async function archive() {
  const dir = tempDir();
  const db = await seedDatabaseFile(dir, DATA_SET);
  await executeSql(
    db,
    `INSERT INTO sync_runs (started_at, finished_at, window_from, window_to, status, recordings_seen, api_requests)
     VALUES ('2026-11-26T11:55:00.000Z', '2026-11-26T11:55:02.000Z', '2026-11-26T09:00:00.000Z', '2026-11-26T11:54:00.000Z', 'ok', 6, 3)`,
  );
  await executeSql(db, "INSERT INTO sync_state (name, value, updated_at) VALUES ('checkpoint', '2026-11-26T11:54:00.000Z', '2026-11-26T11:55:02.000Z')");
  await executeSql(db, "UPDATE recordings SET transcript_next_attempt_at = '2026-11-26T12:12:00.000Z' WHERE id = 'rec-4'");
  return { HOME: dir, XDG_CONFIG_HOME: `${dir}/config`, RECORDINGS_DB: db };
}

describe.each(BACKENDS)('status (%s)', (backend) => {
  useBackend(backend);

  test('on a terminal in Los Angeles (UTC−8): local times, "in 12 min", how long ago the sync ran', async () => {
    const env = await archive();
    process.env.TZ = 'America/Los_Angeles';
    const { stdout } = await cli(['status'], env, TERMINAL);
    expect(stdout).toMatch(/^ {2}pending +1 {2}next due in 12 min$/m);
    expect(stdout).toMatch(/^Checkpoint {6}2026-11-26 03:54$/m);
    expect(stdout).toMatch(/^Last sync {7}2026-11-26 03:55 \(5 min ago\) ok in 2\.0 s: window 2026-11-26 01:00 → 2026-11-26 03:54; 6 seen/m);
    expect(stdout).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });

  test('a due time already past reads "now"', async () => {
    const env = await archive();
    process.env.TZ = 'Asia/Kolkata';
    const { stdout } = await cli(['status'], env, { ...TERMINAL, now: () => new Date('2026-11-26T12:30:00.000Z') });
    expect(stdout).toMatch(/^ {2}pending +1 {2}next due now$/m);
    // 11:54Z is 17:24 in India (UTC+5:30).
    expect(stdout).toMatch(/^Checkpoint {6}2026-11-26 17:24$/m);
  });

  test('piped: ISO 8601 UTC to the second, whatever the zone', async () => {
    const env = await archive();
    process.env.TZ = 'Asia/Kolkata';
    const { stdout } = await cli(['status'], env, PIPED);
    expect(stdout).toMatch(/^ {2}pending +1 {2}next due 2026-11-26T12:12:00Z$/m);
    expect(stdout).toMatch(/^Checkpoint {6}2026-11-26T11:54:00Z$/m);
    expect(stdout).toMatch(/^Last sync {7}2026-11-26T11:55:00Z ok in 2\.0 s: window 2026-11-26T09:00:00Z → 2026-11-26T11:54:00Z;/m);
  });

  test('--json keeps the stored ISO UTC values, on a terminal too', async () => {
    const env = await archive();
    process.env.TZ = 'America/Los_Angeles';
    const status = JSON.parse((await cli(['status', '--json'], env, TERMINAL)).stdout);
    expect(status.checkpoint).toBe('2026-11-26T11:54:00.000Z');
    expect(status.lastSync).toMatchObject({ startedAt: '2026-11-26T11:55:00.000Z', windowFrom: '2026-11-26T09:00:00.000Z' });
    expect(status.transcripts.find((row: { status: string }) => row.status === 'pending').nextAttemptAt).toBe('2026-11-26T12:12:00.000Z');
  });
});

describe.each(BACKENDS)('stats, search, get, audit, hold (%s)', (backend) => {
  useBackend(backend);

  test('on a terminal: local times, the same in every command', async () => {
    const env = await archive();
    process.env.TZ = 'America/Los_Angeles';
    expect((await cli(['stats'], env, TERMINAL)).stdout).toMatch(/^Last sync {13}2026-11-26 03:55 \(5 min ago\) ok$/m);
    // rec-1 started at 15:00Z on the 20th: 07:00 in Los Angeles.
    const search = (await cli(['search', '--phone', '0100', '--direction', 'inbound', '--has-transcript'], env, TERMINAL)).stdout;
    expect(search).toMatch(/^rec-1 +2026-11-20 07:00 {2}in /m);
    expect((await cli(['get', 'rec-1'], env, TERMINAL)).stdout).toMatch(/^Start {7}2026-11-20 07:00 \(6 days ago\)$/m);
    expect((await cli(['hold', 'rec-1'], env, { ...TERMINAL, now: () => new Date('2026-11-26T12:01:02.000Z') })).exitCode).toBe(0);
    expect((await cli(['hold', 'rec-1'], env, TERMINAL)).stdout).toContain('was already on legal hold since 2026-11-26 04:01.');
    expect((await cli(['audit'], env, TERMINAL)).stdout).toMatch(/^2026-11-26 04:01:02 {2}hold /m);
  });

  test('piped: ISO UTC in the same places', async () => {
    const env = await archive();
    process.env.TZ = 'Asia/Kolkata';
    expect((await cli(['stats'], env, PIPED)).stdout).toMatch(/^Last sync {13}2026-11-26T11:55:02Z ok$/m);
    const search = (await cli(['search', '--phone', '0100', '--direction', 'inbound', '--has-transcript'], env, PIPED)).stdout;
    expect(search).toMatch(/^rec-1 +2026-11-20T15:00:00Z {2}in /m);
    expect((await cli(['get', 'rec-1'], env, PIPED)).stdout).toMatch(/^Start {7}2026-11-20T15:00:00Z$/m);
    expect((await cli(['hold', 'rec-1'], env, { now: () => new Date('2026-11-26T12:01:02.000Z') })).exitCode).toBe(0);
    expect((await cli(['hold', 'rec-1'], env, PIPED)).stdout).toContain('was already on legal hold since 2026-11-26T12:01:02Z.');
    expect((await cli(['audit'], env, PIPED)).stdout).toMatch(/^2026-11-26T12:01:02Z {2}hold /m);
  });

  test('JSON keeps ISO UTC with milliseconds on a terminal', async () => {
    const env = await archive();
    process.env.TZ = 'America/Los_Angeles';
    expect(JSON.parse((await cli(['get', 'rec-1', '--json'], env, TERMINAL)).stdout).startTime).toBe('2026-11-20T15:00:00.000Z');
    expect(JSON.parse((await cli(['stats', '--json'], env, TERMINAL)).stdout).lastSync.time).toBe('2026-11-26T11:55:02.000Z');
    const search = JSON.parse((await cli(['search', '--json'], env, TERMINAL)).stdout);
    expect(search.recordings.at(-1).startTime).toBe('2026-11-20T15:00:00.000Z');
  });
});

describe.each(BACKENDS)('the sync summary (%s)', (backend) => {
  useBackend(backend);

  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ calls: 20, days: 1, rateLimits: 'off' });
  });
  afterAll(async () => {
    await sim.stop();
  });

  test('its window is local on a terminal and ISO UTC piped', async () => {
    const dir = tempDir();
    const db = archiveFor(dir, join(dir, 'recordings.db'));
    const env = simulatorEnv(dir, sim, { RECORDINGS_DB: db });
    process.env.TZ = 'Asia/Kolkata';
    const window = async () => (await queryRows<{ from: string; to: string }>(db, 'SELECT window_from AS "from", window_to AS "to" FROM sync_runs ORDER BY id DESC LIMIT 1'))[0]!;
    const local = (iso: string) => {
      const d = new Date(iso);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
    };

    const onTerminal = await cli(['sync', '--since', '1d', '--no-transcripts'], env, { terminal: { columns: 80 } });
    expect(onTerminal.exitCode).toBe(0);
    const first = await window();
    expect(onTerminal.stdout).toContain(`Window        ${local(first.from)} → ${local(first.to)}\n`);
    // The zone is really applied: India is never on UTC.
    expect(local(first.to)).not.toBe(first.to.slice(0, 16).replace('T', ' '));

    const piped = await cli(['sync', '--no-transcripts'], env);
    expect(piped.exitCode).toBe(0);
    const second = await window();
    const utc = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');
    expect(piped.stdout).toContain(`Window        ${utc(second.from)} → ${utc(second.to)}\n`);
  });
});
