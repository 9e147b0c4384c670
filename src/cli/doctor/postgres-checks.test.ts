import { describe, expect, it } from 'vitest';
import { doctorExitCode } from './check.js';
import { serverResult } from './postgres-checks.js';

const location = 'postgres://team:***@db.internal/recordings';

describe('doctor on PostgreSQL: the server version', () => {
  it('below 14 fails, saying what is wrong and what to do, and doctor exits 1', () => {
    const result = serverResult({ serverVersion: '13.16', serverVersionNum: 130_016, location });
    expect(result).toEqual({
      id: 'database.server',
      title: 'PostgreSQL server',
      status: 'fail',
      message: `PostgreSQL 13.16 at ${location} is older than 14, the oldest version recordings supports: the archive's search functions need 14 or newer`,
      fix: 'upgrade the server to PostgreSQL 14 or newer, or keep the archive in a SQLite file (--db <file>)',
      kind: 'other',
    });
    expect(doctorExitCode([result])).toBe(1);
  });

  it('from 14 on passes, stating the floor', () => {
    for (const [version, versionNum] of [['14.0', 140_000], ['14.23', 140_023], ['18.4', 180_004]] as const) {
      expect(serverResult({ serverVersion: version, serverVersionNum: versionNum, location })).toMatchObject({
        status: 'pass',
        message: `PostgreSQL ${version} at ${location} (recordings needs 14 or newer)`,
      });
    }
  });
});
