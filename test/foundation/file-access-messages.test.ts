import { chmodSync, chownSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/run-cli.js';
import { seedDatabaseFile } from '../helpers/seed.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

/**
 * Permissions only bind a user who is not root: as root, the CLI is spawned as `nobody`, and the
 * files it must not read stay root's. As anyone else it runs as that user, and modes do the rest.
 */
const IS_ROOT = process.getuid?.() === 0;
const OTHER_USER = IS_ROOT ? { uid: 65534, gid: 65534 } : {};

/** A temp folder the other user can enter and read (mkdtemp makes it 0700). */
function sharedDir(): string {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  return dir;
}

/** Makes `path` the other user's, as their own files would be. */
function giveToOtherUser(path: string): void {
  if (IS_ROOT) chownSync(path, 65534, 65534);
}

const CREDENTIALS = { RC_SERVER_URL: 'http://127.0.0.1:9', RC_APP_CLIENT_ID: 'id', RC_APP_CLIENT_SECRET: 'secret', RC_USER_JWT: 'jwt' };

describe('file-system problems are named in words, with what to do (SQLite only)', () => {
  it('sync into a folder this user cannot write to: exit 1, names the folder, creates nothing', async () => {
    const dir = sharedDir();
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    const db = join(locked, 'archive', 'x.db');
    const result = await spawnCli(['--db', db, 'sync'], isolatedEnv(dir, CREDENTIALS), OTHER_USER);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `recordings: cannot create the archive at ${db}: the folder ${locked} is not writable by this user\n` +
        "choose a folder this user can write to with --db or RECORDINGS_DB, or fix the folder's owner or mode\n",
    );
    expect(readdirSync(locked)).toEqual([]);
  });

  it('an archive file this user cannot read: exit 1, permission denied, not "unable to open database file"', async () => {
    const dir = sharedDir();
    const db = await seedDatabaseFile(dir, [{ id: 'r1', startTime: '2026-11-20T10:00:00.000Z' }]);
    if (!IS_ROOT) chmodSync(db, 0o000);
    for (const command of ['stats', 'sync']) {
      const result = await spawnCli(['--db', db, command], isolatedEnv(dir, CREDENTIALS), OTHER_USER);
      expect(result.exitCode, command).toBe(1);
      expect(result.stderr, command).toBe(
        `recordings: cannot open the archive at ${db}: permission denied (EACCES)\n` +
          `the file must be readable and writable by the user running recordings: ls -l ${db}\n`,
      );
    }
  });

  it('an archive in a folder this user cannot write to (no room for -wal/-shm): exit 1, names the folder', async () => {
    const dir = sharedDir();
    const folder = join(dir, 'archive');
    mkdirSync(folder);
    const db = await seedDatabaseFile(folder, [{ id: 'r1', startTime: '2026-11-20T10:00:00.000Z' }]);
    giveToOtherUser(db);
    chmodSync(folder, 0o555);
    const before = readdirSync(folder);
    const result = await spawnCli(['--db', db, 'stats'], isolatedEnv(dir), OTHER_USER);
    expect(result.exitCode).toBe(1);
    const [line, hint] = result.stderr.split('\n');
    expect(line).toMatch(
      new RegExp(`^recordings: cannot open the archive at ${db}: the folder ${folder} is not writable by this user, and SQLite must write the file and its -wal/-shm files beside it \\(SQLITE_\\w+\\)$`),
    );
    expect(hint).toBe(`the file and its folder must be writable by the user running recordings: ls -ld ${folder} ${db}`);
    expect(readdirSync(folder)).toEqual(before);
    expect(statSync(db).size).toBeGreaterThan(0);
  });
});

describe('bad input is exit 2, before the archive is looked at (no archive)', () => {
  it('get and stream with an empty id', async () => {
    const dir = tempDir();
    const db = await seedDatabaseFile(dir, [{ id: 'r1', startTime: '2026-11-20T10:00:00.000Z' }]);
    const before = readdirSync(dir);
    for (const path of [db, join(dir, 'none', 'x.db')]) {
      for (const command of ['get', 'stream']) {
        for (const id of ['', '   ']) {
          const result = await spawnCli(['--db', path, command, id], isolatedEnv(dir));
          expect(result.exitCode, `${command} '${id}'`).toBe(2);
          expect(result.stderr, `${command} '${id}'`).toBe(
            `recordings: ${command}: the id is empty\nexample: recordings ${command} 1234567890 (find ids with: recordings search)\n`,
          );
        }
      }
    }
    expect(readdirSync(dir)).toEqual(before);
  });

  it('--sort relevance without --text is refused, in search and in export', async () => {
    const dir = tempDir();
    const db = await seedDatabaseFile(dir, [{ id: 'r1', startTime: '2026-11-20T10:00:00.000Z', lines: ['Host: a reservation'] }]);
    for (const command of ['search', 'export']) {
      const result = await spawnCli(['--db', db, command, '--sort', 'relevance'], isolatedEnv(dir));
      expect(result.exitCode, command).toBe(2);
      expect(result.stderr, command).toBe(
        'recordings: --sort relevance needs --text: without words to rank by there is no relevance\n' +
          'add --text <words>, or use --sort newest or --sort oldest\n',
      );
      const ranked = await spawnCli(['--db', db, command, '--sort', 'relevance', '--text', 'reservation', '--format', 'json'], isolatedEnv(dir));
      expect(ranked.exitCode, `${command} --text`).toBe(0);
    }
  });
});
