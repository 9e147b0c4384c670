import { defineConfig } from 'vitest/config';

/**
 * The browser tests (`npm run test:browser`): real headless Chromium against `recordings serve`.
 * Apart from `npm test` because they need Debian's `chromium` package installed.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
