import { defineConfig } from 'vitest/config';

/**
 * The browser tests (`npm run test:browser`): real headless Chromium against `recordings serve`, on a
 * SQLite file and on PostgreSQL. Apart from `npm test` because they need Debian's `chromium` package
 * installed.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    // One real PostgreSQL server for the run, as in vitest.config.ts; each archive takes a database of its own.
    globalSetup: ['test/setup/postgres.ts'],
  },
});
