/** Repeated in-process timings: p50 and p95 of the runs. */
export interface Timing {
  p50: number;
  p95: number;
  runs: number;
}

/**
 * Runs `work` `runs` times after one warm-up run (which fills SQLite's page cache and prepares
 * statements), or fewer when `budgetMs` runs out first — but at least `minRuns` times.
 */
export function measure(work: () => unknown, runs: number, budgetMs = Infinity, minRuns = 3): Timing {
  work();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < runs && (times.length < minRuns || performance.now() - started < budgetMs)) {
    const t = performance.now();
    work();
    times.push(performance.now() - t);
  }
  return summarise(times);
}

export function summarise(times: number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: median(sorted), p95: at(0.95), runs: sorted.length };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
