import { describe, expect, it } from 'vitest';
import { keepHeapUnder } from './heap-ceiling.js';

describe('keepHeapUnder', () => {
  it('collects only above the ceiling, and the collection frees dead objects', () => {
    expect(keepHeapUnder(Number.MAX_SAFE_INTEGER)).toBe(false);
    let garbage: unknown[] | null = Array.from({ length: 200_000 }, (_, i) => ({ i, text: `row ${i}` }));
    const before = process.memoryUsage().heapUsed;
    garbage = null;
    expect(garbage).toBeNull();
    expect(keepHeapUnder(0)).toBe(true);
    expect(process.memoryUsage().heapUsed).toBeLessThan(before);
  });
});
