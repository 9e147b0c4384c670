import { spawn } from 'node:child_process';
import { SDK } from '@ringcentral/sdk';
import { describe, expect, it } from 'vitest';
import { BIN, cli } from '../helpers/run-cli.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

describe('recordings simulator', () => {
  it('prints the RC_* lines, serves the real SDK, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'simulator', '--port', '0', '--calls', '120', '--seed', '3', '--rate-limits', 'off'], {
      env: isolatedEnv(tempDir()),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('RC_USER_JWT=')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${stderr}`)));
    });
    const vars = Object.fromEntries([...stdout.matchAll(/^export (RC_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
    expect(Object.keys(vars).sort()).toEqual(['RC_APP_CLIENT_ID', 'RC_APP_CLIENT_SECRET', 'RC_SERVER_URL', 'RC_USER_JWT']);
    expect(vars.RC_SERVER_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const platform = new SDK({ server: vars.RC_SERVER_URL, clientId: vars.RC_APP_CLIENT_ID, clientSecret: vars.RC_APP_CLIENT_SECRET, cachePrefix: 'cli-sim-' }).platform();
    await platform.login({ jwt: vars.RC_USER_JWT });
    const body = (await (await platform.get('/restapi/v1.0/account/~/call-log', { dateFrom: '2000-01-01T00:00:00Z', perPage: 1000 })).json()) as { records: unknown[] };
    expect(body.records).toHaveLength(120);

    const exitCode = await new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
    expect(exitCode).toBe(0);
    expect(stderr).toContain('simulator stopped');
    expect(stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('a bad --rate-limits value is a usage error (exit 2) with an example', async () => {
    const result = await cli(['simulator', '--rate-limits', '{"Heavy":{"limit":"ten"}}'], isolatedEnv(tempDir()));
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^recordings: rate-limit group Heavy needs/);
    expect(lines[1]).toContain('--rate-limits');
  });
});
