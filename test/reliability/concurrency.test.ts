import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../helpers/backends.js';
import { runConcurrency } from './scenarios/concurrency.js';
import { Lab } from './scenarios/harness.js';
import { CI_SIZES } from './sizes.js';

const lab = new Lab();
afterAll(() => lab.close());

describe.each(BACKENDS)('concurrency: a long sync with readers, a second sync and backups beside it (%s)', (backend) => {
  useBackend(backend);

  it('readers never fail, the second sync exits 75, every backup is consistent', async () => {
    const report = await runConcurrency(lab, CI_SIZES.concurrency);
    expect(report.syncExit).toBe(0);
    expect(report.readerFailures).toEqual([]);
    expect(report.readerRunsDuringSync).toBeGreaterThanOrEqual(16);
    expect(report.secondSyncExit).toBe(75);
    expect(report.secondSyncMessage).toMatch(/^recordings: another sync is running on this database/);
    expect(report.backups).toBeGreaterThanOrEqual(2);
    expect(report.backupsConsistent).toBe(report.backups);
    expect(report.integrity).toBe(true);
  }, 120_000);
});
