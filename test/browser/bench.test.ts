import { describe, expect, it } from 'vitest';
import { runPageBench } from '../../bench/page/main.js';

/**
 * Keeps the page benchmark from rotting: `--quick` (2k recordings, 2 runs) must measure the page's
 * weight and the time to the first result for every search term. No timing goal is asserted here,
 * only that every figure is there and is a real number (and that the weight, which does not depend
 * on the machine, is within its goal).
 */
describe('bench:page --quick', () => {
  it('measures the weight and the time to the first result drawn for every term', async () => {
    const rows = await runPageBench(['--quick', '--runs', '2'], () => {});
    const weights = rows.filter((row) => row.measure.startsWith('search page weight'));
    expect(weights).toHaveLength(5);
    for (const row of weights) {
      expect(row.value).toMatch(/^\d+\.\d KB$/);
      expect(Number.parseFloat(row.value)).toBeLessThanOrEqual(100);
    }
    const drawn = rows.filter((row) => row.measure.startsWith('submit → first result drawn'));
    expect(drawn.map((row) => /: (\w+) /.exec(row.measure)?.[1])).toEqual(['rare', 'medium', 'phrase', 'common']);
    for (const row of drawn) {
      expect(row.value).toMatch(/^\d+(\.\d+)? ms$/);
      expect(row.baseline).toMatch(/^HTML received \d+(\.\d+)? ms; server alone \d+(\.\d+)? ms; outside \d+(\.\d+)? ms$/);
    }
  });
});
