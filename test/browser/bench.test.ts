import { describe, expect, inject, it } from 'vitest';
import { runPageBench } from '../../bench/page/main.js';

/**
 * Keeps the page benchmark from rotting: `--quick` (2k recordings, 2 runs) must measure the page's
 * weight and the time to the first result for every search term, on the SQLite file and on the same
 * data copied into PostgreSQL (the run's server, test/setup/postgres.ts). No timing goal is asserted
 * here, only that every figure is there and is a real number (and that the weight, which does not
 * depend on the machine, is within its goal).
 */
describe('bench:page --quick', () => {
  it('measures the weight and the time to the first result drawn for every term, on both backends', async () => {
    const rows = await runPageBench(['--quick', '--runs', '2', '--postgres', inject('postgresUrl')], () => {});
    const weights = rows.filter((row) => row.measure.startsWith('search page weight'));
    expect(weights).toHaveLength(10);
    expect(weights.filter((row) => row.measure.startsWith('search page weight (PostgreSQL): '))).toHaveLength(5);
    for (const row of weights) {
      expect(row.value).toMatch(/^\d+\.\d KB$/);
      expect(Number.parseFloat(row.value)).toBeLessThanOrEqual(100);
    }
    const drawn = rows.filter((row) => row.measure.startsWith('submit → first result drawn'));
    expect(drawn.map((row) => /: (\w+) /.exec(row.measure)?.[1])).toEqual(['rare', 'medium', 'phrase', 'common', 'rare', 'medium', 'phrase', 'common']);
    expect(drawn.slice(4).every((row) => row.measure.startsWith('submit → first result drawn (PostgreSQL): '))).toBe(true);
    for (const row of drawn) {
      expect(row.value).toMatch(/^\d+(\.\d+)? ms$/);
      expect(row.baseline).toMatch(/^HTML received \d+(\.\d+)? ms; server alone \d+(\.\d+)? ms; outside \d+(\.\d+)? ms$/);
    }
  });
});
