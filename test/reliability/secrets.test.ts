import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../helpers/backends.js';
import { Lab } from './scenarios/harness.js';
import { runSecrets } from './scenarios/secrets.js';

const lab = new Lab();
afterAll(() => lab.close());

/** What each backend keeps on the disk of the machine that runs the commands. */
const PRIVATE_FILES = {
  sqlite: ['data', 'data/recordings.db', 'data/recordings.db-wal', 'data/recordings.db-shm', 'data/audio'],
  postgres: ['data/recordings', 'data/recordings/audio'],
};
const AUDIO_FOLDER = { sqlite: 'data/audio/', postgres: 'data/recordings/audio/' };

describe.each(BACKENDS)('secrets: every command with --verbose, through refreshes, retries and auth failures (%s)', (backend) => {
  useBackend(backend);

  it(`no secret, token${backend === 'postgres' ? ' or database password' : ''} in any output, log, error, stored row or file but the token file; private files 0600, folders 0700`, async () => {
    const report = await runSecrets(lab, backend);
    expect(report.unexpectedExits, report.unexpectedExits.join("\n")).toEqual([]);
    expect(report.leaks).toEqual([]);
    // The app secret, the JWT, the two wrong ones and at least two sessions' tokens (and the right and wrong passwords, both forms).
    expect(report.secretsTracked).toBeGreaterThanOrEqual(backend === 'postgres' ? 12 : 8);
    expect(report.commands).toBeGreaterThanOrEqual(backend === 'postgres' ? 40 : 27);
    expect(report.filesScanned).toBeGreaterThan(5);
    expect(report.urlWarned).toBe(true);
    const paths = report.modes.map((m) => m.path);
    for (const expected of [...PRIVATE_FILES[backend], 'state/recordings', 'state/recordings/tokens.json', 'cache/recordings', 'backup.db', 'snapshot.db']) {
      expect(paths).toContain(expected);
    }
    expect(paths.some((p) => p.startsWith(AUDIO_FOLDER[backend]) && p.endsWith('.wav'))).toBe(true);
    expect(paths.some((p) => p.startsWith('cache/recordings/') && p.endsWith('.wav'))).toBe(true);
    expect(report.modes.filter((m) => !m.ok)).toEqual([]);
  }, 180_000);
});
