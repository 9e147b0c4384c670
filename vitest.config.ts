import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // vitest's default exclude does not skip dist/: name what to run.
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
