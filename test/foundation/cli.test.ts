import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { MIGRATIONS_FOLDER } from '../../src/db/migrations.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/cli/error-to-exit-code.js';
import { NotFoundError, UsageError } from '../../src/cli/errors.js';
import { ConfigError } from '../../src/config/errors.js';
import { DatabaseError } from '../../src/db/errors.js';
import { AuthError, TryAgainLaterError } from '../../src/ringcentral/errors.js';
import { SyncLockedError } from '../../src/sync/errors.js';
import { cli, spawnCli } from '../helpers/run-cli.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

const COMMANDS = ['sync', 'get', 'search', 'stream', 'stats', 'export', 'status', 'prune', 'hold', 'backup', 'doctor', 'audit', 'simulator', 'demo'];

describe('exit codes', () => {
  it('maps each typed error to the code of the contract', () => {
    expect(describeError(new UsageError('x')).exitCode).toBe(2);
    expect(describeError(new ConfigError('x')).exitCode).toBe(2);
    expect(describeError(new AuthError('x', 401)).exitCode).toBe(3);
    expect(describeError(new NotFoundError('x')).exitCode).toBe(4);
    expect(describeError(new TryAgainLaterError('x')).exitCode).toBe(75);
    expect(describeError(new SyncLockedError('x')).exitCode).toBe(75);
    expect(describeError(new DatabaseError('x')).exitCode).toBe(1);
    const unexpected = describeError(new Error('boom\n  at somewhere'));
    expect(unexpected).toMatchObject({ exitCode: 1, unexpected: true, message: 'boom at somewhere' });
  });

  it('exits 2 for bad usage with one line on stderr', async () => {
    const env = isolatedEnv(tempDir());
    for (const args of [['bogus'], ['search', '--limit', 'x'], ['status', '--runs', '0'], ['search', '--direction', 'sideways'], ['get']]) {
      const result = await cli(args, env);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr.split('\n')[0], args.join(' ')).toMatch(/^recordings: /);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('exits 2 for a bad config file, naming the key and the file', async () => {
    const dir = tempDir();
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ sync: { audio: 'sometimes' } }));
    const result = await cli(['status'], isolatedEnv(dir, { RECORDINGS_CONFIG: file }));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`recordings: config file ${file}: sync.audio: Invalid input: expected boolean, received string\n`);
  });

  it('exits 1 when the database cannot be used, with one line and no stack trace', async () => {
    const dir = tempDir();
    const result = await cli(['--db', dir, 'status'], isolatedEnv(dir));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^recordings: cannot open the database .*\n$/);
  });
});

describe('bin/recordings, spawned as a user would', () => {
  it('--help lists every command of the contract, and each command has help with an example', async () => {
    const env = isolatedEnv(tempDir());
    const help = await spawnCli(['--help'], env);
    expect(help.exitCode).toBe(0);
    for (const name of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    for (const name of COMMANDS) {
      const sub = await spawnCli([name, '--help'], env);
      expect(sub.exitCode, name).toBe(0);
      expect(sub.stdout, name).toMatch(/Examples:\n  \$ recordings /);
    }
  });

  it('--version prints the package version', async () => {
    const result = await spawnCli(['--version'], isolatedEnv(tempDir()));
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('status creates a 0600 database in a 0700 folder and prints its state, from any working directory', async () => {
    const dir = tempDir();
    const db = join(dir, 'data', 'x.db');
    const result = await spawnCli(['status'], isolatedEnv(dir, { RECORDINGS_DB: db }), { cwd: '/' });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(statSync(db).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
    expect(result.stdout).toContain(db);
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'));
    expect(result.stdout).toContain(`Schema version  ${journal.entries.length} (${journal.entries.at(-1).tag})`);
    expect(result.stdout).toMatch(/Recordings\s+0 /);
    expect(result.stdout).toMatch(/Last sync\s+none yet/);

    const json = await spawnCli(['status', '--json'], isolatedEnv(dir, { RECORDINGS_DB: db }));
    const parsed = JSON.parse(json.stdout);
    expect(parsed.database.path).toBe(db);
    expect(parsed.counts.recordings).toBe(0);
    expect(parsed.lastSync).toBeNull();
  });
});
