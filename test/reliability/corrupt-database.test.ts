import { afterAll, describe, expect, it } from 'vitest';
import { Lab } from './scenarios/harness.js';
import { CORRUPT_KINDS, runCorruptDatabases } from './scenarios/corrupt.js';

const lab = new Lab();
afterAll(() => lab.close());

describe('a corrupt or foreign database file (SQLite only)', () => {
  it('every command says so in one line, exits 1 and leaves the file untouched', async () => {
    const results = await runCorruptDatabases(lab);
    expect(results.length).toBe(CORRUPT_KINDS.length * 11);
    const failed = results.filter((r) => !r.passed);
    expect(failed, JSON.stringify(failed, null, 1)).toEqual([]);
  }, 120_000);
});
