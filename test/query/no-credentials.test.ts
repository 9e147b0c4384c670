import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/run-cli.js';
import { seedDatabaseFile } from '../helpers/seed.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';
import { DATA_SET } from './data-set.js';
import { BACKENDS, useBackend } from '../helpers/backends.js';

const tempDir = useTempDirs();

/** Every credential setting set, and each one broken: none of it may matter to a query. */
const BROKEN_CREDENTIALS = {
  RC_SERVER_URL: 'platform.ringcentral.com',
  RC_APP_CLIENT_ID: 'id',
  RC_APP_CLIENT_SECRET: 'secret',
  RC_USER_JWT_FILE: '/nonexistent/jwt.txt',
};

function queries(dir: string): string[][] {
  const id = DATA_SET[0]!.id;
  return [
    ['search', '--text', 'reservation'],
    ['search', '--phone', '0100', '--json'],
    ['get', id],
    ['stats', '--json'],
    ['export', '--format', 'ndjson'],
    ['export', '--output', join(dir, 'report.csv')],
  ];
}

describe.each(BACKENDS)('query commands need only the database (docs/cli.md, "Setup and configuration") (%s)', (backend) => {
  useBackend(backend);

  it('get, search, stats and export run with an unreadable RC_USER_JWT_FILE and a bad RC_SERVER_URL', async () => {
    const dir = tempDir();
    const db = await seedDatabaseFile(dir, DATA_SET);
    const env = isolatedEnv(dir, { RECORDINGS_DB: db, ...BROKEN_CREDENTIALS });
    for (const args of queries(dir)) {
      const result = await spawnCli(args, env);
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.exitCode, args.join(' ')).toBe(0);
    }
    const nothing = await spawnCli(['search', '--text', 'hello'], { ...env, RC_USER_JWT_FILE: '/nonexistent' });
    expect(nothing).toMatchObject({ exitCode: 0, stderr: 'No recordings match.\n' });
  });

  it('the same when the database comes from the config file, which names an unreadable JWT file', async () => {
    const dir = tempDir();
    const db = await seedDatabaseFile(dir, DATA_SET);
    const configFolder = join(dir, 'config', 'recordings');
    mkdirSync(configFolder, { recursive: true });
    writeFileSync(
      join(configFolder, 'config.json'),
      JSON.stringify({ database: db, ringcentral: { clientId: 'id', clientSecret: 'secret', jwtFile: 'missing.jwt' } }),
    );
    for (const args of queries(dir)) {
      const result = await spawnCli(args, isolatedEnv(dir, { RC_SERVER_URL: 'not a url' }));
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.exitCode, args.join(' ')).toBe(0);
    }
  });

  it('the commands that talk to RingCentral still name the broken setting, exit 2', async () => {
    const dir = tempDir();
    const db = await seedDatabaseFile(dir, DATA_SET);
    const result = await spawnCli(['sync'], isolatedEnv(dir, { RECORDINGS_DB: db, ...BROKEN_CREDENTIALS, RC_SERVER_URL: undefined }));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('recordings: RC_USER_JWT_FILE: cannot read the JWT file /nonexistent/jwt.txt (ENOENT)\n');
  });
});
