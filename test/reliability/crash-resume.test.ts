import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../helpers/backends.js';
import { runCrashTrials } from './scenarios/crash.js';
import { Lab } from './scenarios/harness.js';
import { CI_SIZES } from './sizes.js';

const lab = new Lab();
afterAll(() => lab.close());

describe.each(BACKENDS)('crash-resume: kill -9 at seeded random moments, then a normal sync (%s)', (backend) => {
  useBackend(backend);

  it(`${CI_SIZES.crash.trials} trials end identical to an undisturbed sync, in a sound database`, async () => {
    const report = await runCrashTrials(lab, { ...CI_SIZES.crash });
    expect(report.reference.recordings).toBeGreaterThan(50);
    expect(report.reference.transcripts).toBeGreaterThan(0);
    expect(report.reference.audio).toBeGreaterThan(0);
    expect(report.trials).toHaveLength(CI_SIZES.crash.trials);
    // Most kills land inside the run (the kill moment is drawn over the run's measured length).
    expect(report.trials.filter((t) => t.landed !== 'after-end' && t.landed !== 'before-start').length).toBeGreaterThanOrEqual(2);
    for (const trial of report.trials) {
      expect(trial, JSON.stringify(trial)).toMatchObject({ integrityAfterKill: true, integrityAfterResume: true, identical: true, lost: 0, badAudio: 0, resumeExit: 0 });
    }
  }, 120_000);
});
