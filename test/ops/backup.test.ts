import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ftsIntegrityCheck, integrityCheck } from '../../src/db/integrity.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { cli, spawnCli } from '../helpers/run-cli.js';
import { seedDatabaseFile } from '../helpers/seed.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';
import { contentDigest, daysAgo, openRaw, simulatorEnv } from './helpers.js';

const tempDir = useTempDirs();
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

/** What a consistent snapshot of the archive must satisfy, whatever moment it was taken at. */
function expectConsistent(path: string): { recordings: number; ready: number } {
  const db = openRaw(path);
  try {
    expect(integrityCheck(db)).toEqual([]);
    expect(ftsIntegrityCheck(db)).toBeNull();
    const one = (sql: string) => db.prepare(sql).pluck().get() as number;
    expect(one('SELECT count(*) FROM transcript_segments WHERE recording_key NOT IN (SELECT key FROM recordings)')).toBe(0);
    expect(one('SELECT count(*) FROM insights WHERE recording_key NOT IN (SELECT key FROM recordings)')).toBe(0);
    // A transcript and its segments are written in one transaction: a snapshot never splits them.
    expect(
      one(`SELECT count(*) FROM recordings r
           WHERE r.transcript_segment_count <> (SELECT count(*) FROM transcript_segments s WHERE s.recording_key = r.key)`),
    ).toBe(0);
    const recordings = one('SELECT count(*) FROM recordings');
    expect(one('SELECT count(*) FROM recordings_fts_docsize')).toBe(recordings);
    return { recordings, ready: one("SELECT count(*) FROM recordings WHERE transcript_status = 'ready'") };
  } finally {
    db.close();
  }
}

describe('backup of a SQLite archive (SQLite only: PostgreSQL in test/postgres/cli.test.ts)', () => {
  test('writes a verified, self-contained 0600 copy and audits it', async () => {
    const dir = tempDir();
    const db = await seedDatabaseFile(dir, [
      { id: 'r1', startTime: daysAgo(3), lines: ['Guest: a reservation please'] },
      { id: 'r2', startTime: daysAgo(2), lines: ['Guest: I want a refund'] },
    ]);
    const env = isolatedEnv(dir, { RECORDINGS_DB: db });
    const target = join(dir, 'backups', 'nightly.db');
    mkdirSync(join(dir, 'backups'));

    const result = await cli(['backup', target], env);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Backed up .+ to .+nightly\.db: 2 recordings, .+; integrity check ok\.\n$/);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    // No temp file, journal or -wal left beside it: the copy is one file.
    expect(readdirSync(join(dir, 'backups'))).toEqual(['nightly.db']);
    const copy = openRaw(target);
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    expectConsistent(target);

    const audit = openRaw(db);
    const row = audit.prepare("SELECT details FROM audit_log WHERE action = 'backup'").pluck().get() as string;
    audit.close();
    expect(JSON.parse(row)).toMatchObject({ path: target, bytes: statSync(target).size, recordings: 2 });

    // A second backup replaces the first.
    expect((await cli(['backup', target], env)).exitCode).toBe(0);
    expect(readdirSync(join(dir, 'backups'))).toEqual(['nightly.db']);
  });

  test('refuses the live database (by any name), a missing folder and a folder as target', async () => {
    const dir = tempDir();
    const db = await seedDatabaseFile(dir, [{ id: 'r1', startTime: daysAgo(3) }]);
    const env = isolatedEnv(dir, { RECORDINGS_DB: db });
    const before = await contentDigest(db);
    symlinkSync(db, join(dir, 'link.db'));
    for (const target of [db, join(dir, 'link.db'), `${db}-wal`, join(dir, '.', 'recordings.db')]) {
      const result = await cli(['backup', target], env);
      expect(result.exitCode, target).toBe(2);
      expect(result.stderr).toContain('is the live database itself');
    }
    const missing = await cli(['backup', join(dir, 'nope', 'copy.db')], env);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('does not exist');
    const folder = await cli(['backup', dir], env);
    expect(folder.exitCode).toBe(2);
    expect(folder.stderr).toContain('is a folder');
    expect(await contentDigest(db)).toBe(before);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });

  test('a backup taken while a sync writes is a consistent snapshot', async () => {
    // Slow RingSense answers keep the spawned sync writing transcripts for several seconds.
    sim = await startSimulator({ calls: 700, days: 2, seed: 7, faults: { delay: { ms: 40, pathPrefix: '/ai/ringsense' } } });
    const dir = tempDir();
    const db = join(dir, 'data', 'recordings.db');
    const env = simulatorEnv(dir, sim, { RECORDINGS_DB: db });
    let syncDone = false;
    const sync = spawnCli(['sync', '--since', '2d'], env, { timeoutMs: 60_000 }).then((result) => {
      syncDone = true;
      return result;
    });

    // Wait until the sync has stored recordings and started on transcripts.
    const deadline = Date.now() + 30_000;
    let ready = 0;
    while (Date.now() < deadline && ready < 20) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!existsSync(db)) continue;
      const live = openRaw(db);
      try {
        ready = live.prepare("SELECT count(*) FROM recordings WHERE transcript_status = 'ready'").pluck().get() as number;
      } catch {
        ready = 0;
      } finally {
        live.close();
      }
    }
    expect(ready).toBeGreaterThanOrEqual(20);

    const target = join(dir, 'during-sync.db');
    const backup = await cli(['backup', target], env);
    expect(backup.stderr).toBe('');
    expect(backup.exitCode).toBe(0);
    expect(syncDone, 'the sync was still running when the backup finished').toBe(false);

    const finished = await sync;
    expect(finished.exitCode, finished.stderr).toBe(0);
    const snapshot = expectConsistent(target);
    const final = expectConsistent(db);
    expect(snapshot.recordings).toBeGreaterThan(0);
    expect(snapshot.ready).toBeGreaterThanOrEqual(20);
    expect(snapshot.ready).toBeLessThan(final.ready);
  });
});
