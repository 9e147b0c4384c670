import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test, vi } from 'vitest';
import { spawnCli } from '../helpers/run-cli.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';
import { DATA_SET } from '../query/data-set.js';
import { BACKENDS } from './backends.js';
import { send } from './http.js';
import { startServe as startServeProcess } from './serve-process.js';

const tempDir = useTempDirs();
const TOKEN = 'c0ffee00c0ffee00c0ffee00c0ffee00';

/** A server started here is stopped (or killed) by the end of its test. */
const startServe = (args: string[], env: Record<string, string | undefined>) => startServeProcess(args, env, { untilTestEnds: true });

describe.each(BACKENDS)('recordings serve on $name', (backend) => {
  test('prints one line, the base URL; serves the archive; SIGTERM stops it within a second, exit 0', async () => {
    const dir = tempDir();
    const database = await backend.archive(dir, DATA_SET);
    const server = await startServe([], isolatedEnv(dir, { RECORDINGS_DB: database }));
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const answer = await send(server.url, '/api/v1/recordings?search_text=reservation');
    expect(answer.status).toBe(200);
    expect(answer.json().total).toBeGreaterThan(0);
    const stopped = await server.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(1000);
  });

  test('SIGINT stops it too, with a keep-alive connection still open', async () => {
    const dir = tempDir();
    const database = await backend.archive(dir, DATA_SET);
    const server = await startServe([], isolatedEnv(dir, { RECORDINGS_DB: database }));
    // A keep-alive connection left open, as a browser leaves it.
    await send(server.url, '/api/v1/export?format=json');
    const stopped = await server.stop('SIGINT');
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(1000);
  });

  test('before the first sync it starts anyway: 503 until the archive is there, then served', async () => {
    const dir = tempDir();
    const database = await backend.missing(dir);
    const server = await startServe([], isolatedEnv(dir, { RECORDINGS_DB: database }));
    expect((await send(server.url, '/api/v1/recordings')).status).toBe(503);
    expect((await send(server.url, '/api/v1/status')).json().database.exists).toBe(false);
    await backend.archive(dir, DATA_SET);
    expect((await send(server.url, '/api/v1/recordings')).json().total).toBe(DATA_SET.length);
    expect(server.stderr()).toBe('');
    expect((await server.stop('SIGTERM')).code).toBe(0);
  });

  test('with --token-file and --public-host behind a proxy: tokens needed, the public name served', async () => {
    const dir = tempDir();
    const database = await backend.archive(dir, DATA_SET);
    const tokens = join(dir, 'tokens');
    writeFileSync(tokens, `desk:${TOKEN}\n`, { mode: 0o600 });
    const server = await startServe(['--public-host', 'recordings.example.com', '--token-file', tokens], isolatedEnv(dir, { RECORDINGS_DB: database }));
    const proxied = { Host: 'recordings.example.com', 'X-Forwarded-For': '203.0.113.9', 'X-Forwarded-Proto': 'https' };
    expect((await send(server.url, '/api/v1/status', { headers: proxied })).status).toBe(401);
    expect((await send(server.url, '/api/v1/status', { headers: { ...proxied, Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await send(server.url, '/api/v1/status', { headers: { Host: 'elsewhere.example.com', Authorization: `Bearer ${TOKEN}` } })).status).toBe(400);
    expect((await server.stop('SIGTERM')).code).toBe(0);
  });

  test('a token removed from --token-file is refused from the next request, and the change is one line on stderr', async () => {
    const dir = tempDir();
    const database = await backend.archive(dir, DATA_SET);
    const tokens = join(dir, 'tokens');
    const other = 'f00df00df00df00df00df00df00df00d';
    writeFileSync(tokens, `desk:${TOKEN}\nreports:${other}\n`, { mode: 0o600 });
    const server = await startServe(['--token-file', tokens], isolatedEnv(dir, { RECORDINGS_DB: database }));
    const status = async (token: string) => (await send(server.url, '/api/v1/status', { headers: { Authorization: `Bearer ${token}` } })).status;
    expect(await status(other)).toBe(200);
    writeFileSync(tokens, `desk:${TOKEN}\n`, { mode: 0o600 });
    expect(await status(other)).toBe(401);
    expect(await status(TOKEN)).toBe(200);
    writeFileSync(tokens, `desk:${TOKEN}\nreports:short\n`, { mode: 0o600 });
    expect(await status(TOKEN)).toBe(200);
    // stderr is a pipe of its own: its lines may arrive after the answers.
    await vi.waitFor(() =>
      expect(server.stderr()).toBe(
        `recordings: serve: --token-file ${tokens} changed: 1 token now (2 before)\n` +
          `recordings: serve: --token-file ${tokens}, line 2: the token is shorter than 16 characters; the 1 token read before stays in force\n`,
      ),
      { timeout: 10_000 },
    );
    expect((await server.stop('SIGTERM')).code).toBe(0);
  });

  test('serves the assets the build copied beside the compiled code', async () => {
    const dir = tempDir();
    const server = await startServe([], isolatedEnv(dir, { RECORDINGS_DB: await backend.missing(dir) }));
    const source = fileURLToPath(new URL('../../src/serve/assets/', import.meta.url));
    const names = readdirSync(source, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
      .map((entry) => join(entry.parentPath, entry.name).slice(source.length));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const answer = await send(server.url, `/assets/${name}`);
      expect(answer.status, name).toBe(200);
      expect(answer.body.equals(readFileSync(join(source, name))), name).toBe(true);
    }
    await server.stop('SIGTERM');
  });
});

describe('recordings serve refuses to start (exit 2, one line and a hint) (no archive)', () => {
  test.each([
    [['--host', '0.0.0.0'], 'recordings: --host 0.0.0.0 is reachable from other machines: serving there needs --token-file'],
    [['--host', '192.0.2.10'], 'recordings: --host 192.0.2.10 is reachable from other machines: serving there needs --token-file'],
    [['--public-host', 'recordings.example.com'], 'recordings: --public-host needs --token-file: a reverse proxy opens the server to whoever can reach the proxy'],
    [['--token-file', '/nonexistent/tokens', '--host', '0.0.0.0'], 'recordings: cannot read --token-file /nonexistent/tokens: no such file'],
    [['--port', '70000'], "recordings: option '--port <n>' argument '70000' is invalid. expected a port from 0 to 65535 (0 = any free port)"],
  ])('serve %j', async (args, message) => {
    const dir = tempDir();
    const result = await spawnCli(['serve', ...args], isolatedEnv(dir, { RECORDINGS_DB: join(dir, 'recordings.db') }));
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(message);
    expect(result.stderr).not.toMatch(/\bat .*:\d+:\d+/);
  });

  test('a port already in use', async () => {
    const dir = tempDir();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const result = await spawnCli(['serve', '--port', String(port)], isolatedEnv(dir, { RECORDINGS_DB: join(dir, 'recordings.db') }));
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe(`recordings: port ${port} on 127.0.0.1 is already in use\nchoose another with --port, or --port 0 for any free port\n`);
    } finally {
      blocker.close();
    }
  });

  test('--help shows the flags and examples', async () => {
    const result = await spawnCli(['serve', '--help'], isolatedEnv(tempDir()));
    expect(result.exitCode).toBe(0);
    for (const text of ['--host <addr>', '--port <n>', '--public-host <name>', '--token-file <file>', 'Examples:', '$ recordings serve']) expect(result.stdout).toContain(text);
  });
});
