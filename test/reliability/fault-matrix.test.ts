import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../helpers/backends.js';
import { faultCasesOn, runFaultMatrix } from './scenarios/faults.js';
import { Lab } from './scenarios/harness.js';
import { CI_SIZES } from './sizes.js';

const lab = new Lab();
afterAll(() => lab.close());

/**
 * Every fault on both backends, and on PostgreSQL the server ending the sync's connection in the
 * middle of a write as well. The undisturbed runs they are compared with are shared (faults.ts,
 * references): each costs one sync in the file, not one per case and backend.
 */
describe.each(BACKENDS)('fault matrix: each fault, then one normal sync, equals an undisturbed sync (%s)', (backend) => {
  useBackend(backend);

  for (const c of faultCasesOn(backend, CI_SIZES.stormRetryAfterSeconds)) {
    it(c.name, async () => {
      const [result] = await runFaultMatrix(lab, [c]);
      expect(result!.problem, result!.problem ?? "").toBeNull();
      expect(c.allowedExits, result!.outcome).toContain(result!.exitCode);
      expect(result).toMatchObject({ lost: 0, identical: true, integrity: true, stackTrace: false, passed: true });
    });
  }
});
