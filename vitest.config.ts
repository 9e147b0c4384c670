import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // vitest's default exclude does not skip dist/: name what to run.
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The browser tests need Chromium: `npm run test:browser` runs them (vitest.browser.config.ts).
    exclude: [...configDefaults.exclude, 'test/browser/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker per core but one, which is a single worker on a 2-core machine;
    // most test files wait on spawned processes, HTTP and PostgreSQL rather than compute, so two
    // files at a time use the machine better there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // One real PostgreSQL server for the run; tests that need it take a database of their own.
    globalSetup: ['test/setup/postgres.ts'],
  },
});
