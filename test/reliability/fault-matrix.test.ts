import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../helpers/backends.js';
import { faultCases, runFaultMatrix } from './scenarios/faults.js';
import { Lab } from './scenarios/harness.js';
import { CI_SIZES } from './sizes.js';

const lab = new Lab();
afterAll(() => lab.close());

describe.each(BACKENDS)('fault matrix: each fault, then one normal sync, equals an undisturbed sync (%s)', (backend) => {
  useBackend(backend);

  for (const c of faultCases(CI_SIZES.stormRetryAfterSeconds)) {
    it(c.name, async () => {
      const [result] = await runFaultMatrix(lab, [c]);
      expect(result!.problem, result!.problem ?? "").toBeNull();
      expect(c.allowedExits, result!.outcome).toContain(result!.exitCode);
      expect(result).toMatchObject({ lost: 0, identical: true, integrity: true, stackTrace: false, passed: true });
    });
  }
});
