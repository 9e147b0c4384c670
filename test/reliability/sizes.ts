/**
 * Sizes of the reliability scenarios: CI (vitest, test/reliability) and the long mode
 * (`npm run chaos`, test/reliability/chaos.ts) run the same scenario modules at these two sizes.
 */
export interface Sizes {
  crash: { trials: number; calls: number; slowMs: number; seed: number };
  fuzzRuns: number;
  /**
   * Fuzz inputs per property on PostgreSQL: the arguments are parsed alike whatever the backend, and
   * each input there costs a connection; what reaches the server (FTS queries become tsqueries,
   * filters SQL) is fuzzed from the same seed.
   */
  fuzzRunsPostgres: number;
  fuzzSeed: number;
  concurrency: { readerLoopsAtLeast: number; calls: number; slowMs: number };
  /** Retry-After of the 429 storm, in seconds. */
  stormRetryAfterSeconds: number;
}

export const CI_SIZES: Sizes = {
  crash: { trials: 5, calls: 600, slowMs: 25, seed: 20261126 },
  fuzzRuns: 150,
  fuzzRunsPostgres: 50,
  fuzzSeed: 9,
  concurrency: { readerLoopsAtLeast: 5, calls: 1000, slowMs: 40 },
  stormRetryAfterSeconds: 3,
};

export const LONG_SIZES: Sizes = {
  crash: { trials: 25, calls: 1200, slowMs: 25, seed: 20261127 },
  fuzzRuns: 2500,
  fuzzRunsPostgres: 500,
  fuzzSeed: 10,
  concurrency: { readerLoopsAtLeast: 20, calls: 4000, slowMs: 60 },
  stormRetryAfterSeconds: 20,
};
