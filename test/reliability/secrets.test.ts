import { afterAll, describe, expect, it } from 'vitest';
import { Lab } from './scenarios/harness.js';
import { runSecrets } from './scenarios/secrets.js';

const lab = new Lab();
afterAll(() => lab.close());

describe('secrets: every command with --verbose, through refreshes, retries and auth failures', () => {
  it('no secret or token in any output, log, error or file but the token file; private files 0600, folders 0700', async () => {
    const report = await runSecrets(lab);
    expect(report.unexpectedExits, report.unexpectedExits.join("\n")).toEqual([]);
    expect(report.leaks).toEqual([]);
    // The app secret, the JWT, the two wrong ones and at least two sessions' tokens.
    expect(report.secretsTracked).toBeGreaterThanOrEqual(8);
    expect(report.commands).toBeGreaterThanOrEqual(25);
    expect(report.filesScanned).toBeGreaterThan(5);
    expect(report.urlWarned).toBe(true);
    const paths = report.modes.map((m) => m.path);
    for (const expected of ['data', 'data/recordings.db', 'data/recordings.db-wal', 'data/recordings.db-shm', 'data/audio', 'state/recordings', 'state/recordings/tokens.json', 'cache/recordings', 'backup.db']) {
      expect(paths).toContain(expected);
    }
    expect(paths.some((p) => p.startsWith('data/audio/') && p.endsWith('.wav'))).toBe(true);
    expect(paths.some((p) => p.startsWith('cache/recordings/') && p.endsWith('.wav'))).toBe(true);
    expect(report.modes.filter((m) => !m.ok)).toEqual([]);
  }, 120_000);
});
