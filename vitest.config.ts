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
    // One real PostgreSQL server for the run; tests that need it take a database of their own.
    globalSetup: ['test/setup/postgres.ts'],
  },
});
