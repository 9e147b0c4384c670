import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../helpers/backends.js';
import { faultCases, runFaultMatrix } from './scenarios/faults.js';
import { Lab } from './scenarios/harness.js';
import { CI_SIZES } from './sizes.js';

const lab = new Lab();
afterAll(() => lab.close());

/**
 * On PostgreSQL, the faults that leave a sync's writes part-way or change what it stores (a run
 * stopped past its retry budget, broken connections and answers, invalid records, RingSense's
 * refusals and two stages, the clock); the others test the RingCentral client, which both
 * backends share, and run on SQLite only, to keep the suite's time in bounds.
 */
const ON_POSTGRES = /outlasting|dropped|malformed|schema-violating|RingSense|two stages|clock/;

describe.each(BACKENDS)('fault matrix: each fault, then one normal sync, equals an undisturbed sync (%s)', (backend) => {
  useBackend(backend);

  for (const c of faultCases(CI_SIZES.stormRetryAfterSeconds).filter((c) => backend === 'sqlite' || ON_POSTGRES.test(c.name))) {
    it(c.name, async () => {
      const [result] = await runFaultMatrix(lab, [c]);
      expect(result!.problem, result!.problem ?? "").toBeNull();
      expect(c.allowedExits, result!.outcome).toContain(result!.exitCode);
      expect(result).toMatchObject({ lost: 0, identical: true, integrity: true, stackTrace: false, passed: true });
    });
  }
});
