import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../helpers/backends.js';
import { cli } from '../helpers/run-cli.js';
import { fingerprint, runFuzz, sandbox } from './scenarios/fuzz.js';
import { Lab } from './scenarios/harness.js';
import { CI_SIZES } from './sizes.js';

const lab = new Lab();
afterAll(() => lab.close());

describe.each(BACKENDS)('fuzzing every command, FTS queries, dates, phone numbers and config files (%s)', (backend) => {
  useBackend(backend);

  const runs = backend === 'postgres' ? CI_SIZES.fuzzRunsPostgres : CI_SIZES.fuzzRuns;

  it(`${runs * 7.5} inputs: only documented exit codes, no stack trace, one-line errors, no change to the database on a failed command`, async () => {
    const report = await runFuzz(lab, { runs, seed: CI_SIZES.fuzzSeed });
    expect(report.findings).toEqual([]);
    // Both sides of the contract were exercised: commands that ran and commands that were refused.
    expect(report.exits['0']).toBeGreaterThan(report.total / 5);
    expect(report.exits['2']).toBeGreaterThan(report.total / 10);
    expect(report.total).toBeGreaterThanOrEqual(runs * 7);
  }, 180_000);

  it('a backup into a "folder" that is a file is a usage error (found by the fuzzer: it was exit 1 with ENOTDIR)', async () => {
    const box = await sandbox(lab);
    writeFileSync(join(box.dir, 'backups'), 'not a folder');
    const before = await fingerprint(box.db);
    const result = await cli(['backup', join(box.dir, 'backups', 'copy.db')], box.env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^recordings: backup: .*backups is a file, not a folder\n/);
    expect(await fingerprint(box.db)).toBe(before);
  });
});
