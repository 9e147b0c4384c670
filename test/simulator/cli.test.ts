import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
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

  it('--no-refresh-tokens and --access-token-ttl: logins carry no refresh token and a short lifetime', async () => {
    const child = spawn(process.execPath, [BIN, 'simulator', '--port', '0', '--calls', '10', '--no-refresh-tokens', '--access-token-ttl', '60'], {
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
    const platform = new SDK({ server: vars.RC_SERVER_URL, clientId: vars.RC_APP_CLIENT_ID, clientSecret: vars.RC_APP_CLIENT_SECRET, cachePrefix: 'cli-sim-nrt-' }).platform();
    const token = (await (await platform.login({ jwt: vars.RC_USER_JWT })).json()) as Record<string, unknown>;
    expect(token.expires_in).toBe(60);
    expect(token).not.toHaveProperty('refresh_token');
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(stderr).toContain('no refresh tokens');
  });

  it('a bad --rate-limits value is a usage error (exit 2) with an example', async () => {
    const result = await cli(['simulator', '--rate-limits', '{"Heavy":{"limit":"ten"}}'], isolatedEnv(tempDir()));
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^recordings: rate-limit group Heavy needs/);
    expect(lines[1]).toContain('--rate-limits');
  });

  it('the background example of --help works as written in a POSIX shell', async () => {
    const dir = tempDir();
    const help = await cli(['simulator', '--help'], isolatedEnv(dir));
    const commands = [...help.stdout.matchAll(/^ {2}\$ (.+)$/gm)].map((match) => match[1]!.replace(/\s+# .*$/, ''));
    expect(help.stdout).not.toContain('eval');
    const background = commands.slice(commands.findIndex((command) => command.includes('&')));
    expect(background).toEqual(['recordings simulator > sim.env &', 'until [ -s sim.env ]; do sleep 0.1; done; . ./sim.env', 'recordings sync', 'kill $!']);

    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(BIN, join(bin, 'recordings'));
    const env = isolatedEnv(dir, { PATH: `${bin}:${process.env.PATH ?? ''}` });
    // `wait` lets the shell end only once the simulator has stopped: no process is left behind.
    const shell = spawn('sh', ['-c', `${background.join('\n')}\nwait`], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => process.kill(-shell.pid!, 'SIGKILL'), 50_000);
    const exitCode = await new Promise<number | null>((resolve) => shell.once('close', (code) => resolve(code)));
    clearTimeout(timer);
    expect(exitCode, stderr).toBe(0);
    expect(stdout).toMatch(/^Recordings\s+\d+ seen, [1-9]\d* new/m);
    expect(stderr).toMatch(/simulator stopped \(SIGTERM\), \d+ requests served/);
  });
});
