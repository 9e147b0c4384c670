import { writeFileSync } from 'node:fs';
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

describe('exit codes (no archive)', () => {
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
    expect(result.stderr).toBe(`recordings: ${dir} is a folder, not a recordings database\nname the database file inside it, e.g. --db ${dir}/recordings.db\n`);
  });
});

describe('bin/recordings, spawned as a user would (no archive)', () => {
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
});
