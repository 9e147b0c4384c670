import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { spawnCli } from '../helpers/run-cli.js';
import { seedDatabaseFile } from '../helpers/seed.js';
import { simulatorEnv } from '../helpers/simulator-env.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

/** The one line every command but sync, status and doctor prints when no archive is at the path (docs/cli.md, "Which archive"). */
const noArchive = (path: string) => `no archive at ${path} — run 'recordings sync' first, or check --db / RECORDINGS_DB`;

/** Every file and folder under `dir`, relative to it: to prove a command created nothing. */
function tree(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      found.push(relative(dir, path));
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return found.sort();
}

/** The commands that read or change an archive but never create one, with arguments that pass validation. */
function readingCommands(dir: string): string[][] {
  return [
    ['search', '--text', 'x'],
    ['search'],
    ['get', '1234'],
    ['stats'],
    ['export'],
    ['export', '--output', join(dir, 'report.csv')],
    ['audit'],
    ['hold', '1234', '--reason', 'case 1'],
    ['prune', '--older-than', '30d', '--dry-run'],
    ['prune', '--older-than', '30d', '--yes'],
    ['backup', join(dir, 'copy.db')],
    ['stream', '1234', '--output', join(dir, 'call.wav')],
  ];
}

describe('no archive at the path: exit 2, one line naming it, nothing created (SQLite only: PostgreSQL in test/postgres/cli.test.ts)', () => {
  it('a mistyped relative --db: every command that reads the archive', async () => {
    const dir = tempDir();
    const db = join(dir, 'nonexist', 'sub', 'x.db');
    for (const args of readingCommands(dir)) {
      const result = await spawnCli(['--db', 'nonexist/sub/x.db', ...args], isolatedEnv(dir), { cwd: dir });
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toBe(`recordings: ${noArchive(db)}\n`);
      expect(result.stdout, args.join(' ')).toBe('');
    }
    expect(tree(dir)).toEqual([]);
  });

  it('the same when RECORDINGS_DB, the config file or the default names the path', async () => {
    const dir = tempDir();
    const fromEnv = join(dir, 'env', 'x.db');
    const result = await spawnCli(['search', '--text', 'x'], isolatedEnv(dir, { RECORDINGS_DB: fromEnv }));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`recordings: ${noArchive(fromEnv)}\n`);

    const defaultPath = join(dir, 'data', 'recordings', 'recordings.db');
    const fromDefault = await spawnCli(['stats'], isolatedEnv(dir));
    expect(fromDefault.exitCode).toBe(2);
    expect(fromDefault.stderr).toBe(`recordings: ${noArchive(defaultPath)}\n`);

    const configFolder = join(dir, 'config', 'recordings');
    mkdirSync(configFolder, { recursive: true });
    writeFileSync(join(configFolder, 'config.json'), JSON.stringify({ database: 'archive/calls.db' }));
    const fromFile = await spawnCli(['get', '1234'], isolatedEnv(dir));
    expect(fromFile.exitCode).toBe(2);
    expect(fromFile.stderr).toBe(`recordings: ${noArchive(join(configFolder, 'archive', 'calls.db'))}\n`);

    expect(tree(dir)).toEqual(['config', 'config/recordings', 'config/recordings/config.json']);
  });

  it('an empty file is no archive either, and is left as it is', async () => {
    const dir = tempDir();
    const db = join(dir, 'empty.db');
    writeFileSync(db, '');
    const result = await spawnCli(['--db', db, 'stats'], isolatedEnv(dir));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`recordings: ${noArchive(db)}\n`);
    expect(statSync(db).size).toBe(0);
    expect(tree(dir)).toEqual(['empty.db']);
  });

  it('status says so on stdout and exits 0, or 1 with --max-age; --json says the archive does not exist', async () => {
    const dir = tempDir();
    const db = join(dir, 'nonexist', 'x.db');
    const env = isolatedEnv(dir, { RECORDINGS_DB: db });

    const plain = await spawnCli(['status'], env);
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout).toBe(`${noArchive(db)}\n`);
    expect(plain.stderr).toBe('');

    const monitored = await spawnCli(['status', '--max-age', '1h'], env);
    expect(monitored.exitCode).toBe(1);
    expect(monitored.stdout).toBe(`${noArchive(db)}\n`);
    expect(monitored.stderr).toBe('recordings: stale: no sync has succeeded yet (--max-age 1h)\n');

    const json = await spawnCli(['status', '--json', '--max-age', '1h'], env);
    expect(json.exitCode).toBe(1);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.database).toMatchObject({ path: db, exists: false, bytes: 0 });
    expect(parsed.message).toBe(noArchive(db));
    expect(parsed).toMatchObject({ lastSync: null, lastSuccessfulSync: null, recentSyncs: [], counts: { recordings: 0 } });
    expect(parsed.maxAge).toMatchObject({ limitSeconds: 3600, stale: true });

    expect(tree(dir)).toEqual([]);
  });

  it('doctor warns "no archive yet", checks that its folder can be created, and creates nothing', async () => {
    const dir = tempDir();
    const checksOf = async (db: string) => {
      const result = await spawnCli(['doctor', '--json'], isolatedEnv(dir, { RECORDINGS_DB: db }));
      const checks = JSON.parse(result.stdout).checks as { id: string; status: string; message: string }[];
      return Object.fromEntries(checks.map((check) => [check.id, check]));
    };

    const creatable = join(dir, 'new', 'folders', 'x.db');
    const fine = await checksOf(creatable);
    expect(fine['database.open']).toMatchObject({ status: 'warn', message: `no archive yet at ${creatable}: the first sync creates it` });
    expect(fine['database.folder']).toMatchObject({ status: 'pass' });

    writeFileSync(join(dir, 'a-file'), 'not a folder');
    const blocked = join(dir, 'a-file', 'sub', 'x.db');
    const bad = await checksOf(blocked);
    expect(bad['database.open']?.status).toBe('warn');
    expect(bad['database.folder']).toMatchObject({ status: 'fail' });
    expect(bad['database.folder']?.message).toContain(`${join(dir, 'a-file')} is a file, not a folder`);

    expect(tree(dir)).toEqual(['a-file']);
  });
});

describe('an empty --db or RECORDINGS_DB is exit 2, never the default (no archive)', () => {
  it('for every kind of command, sync included, and the default archive is not created', async () => {
    const dir = tempDir();
    const env = isolatedEnv(dir, { RC_SERVER_URL: 'http://127.0.0.1:9', RC_APP_CLIENT_ID: 'id', RC_APP_CLIENT_SECRET: 'secret', RC_USER_JWT: 'jwt' });
    for (const args of [['search', '--text', 'x'], ['stats'], ['get', '1234'], ['status'], ['sync'], ['audit']]) {
      const flag = await spawnCli(['--db', '', ...args], env);
      expect(flag.exitCode, args.join(' ')).toBe(2);
      expect(flag.stderr, args.join(' ')).toBe('recordings: --db is empty: name the database file (--db ~/recordings.db), or leave --db out for the default\n');

      const variable = await spawnCli(args, { ...env, RECORDINGS_DB: '' });
      expect(variable.exitCode, args.join(' ')).toBe(2);
      expect(variable.stderr, args.join(' ')).toBe('recordings: RECORDINGS_DB is set but empty: set it to the database file, or unset it for the default\n');
    }
    expect(tree(dir)).toEqual([]);
  });
});

describe('a path that is there but is not a usable archive: exit 1, left as it was (SQLite only)', () => {
  it('a folder, another program\'s SQLite database, a file that is not SQLite', async () => {
    const dir = tempDir();
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const asFolder = await spawnCli(['--db', folder, 'search'], isolatedEnv(dir));
    expect(asFolder.exitCode).toBe(1);
    expect(asFolder.stderr.split('\n')[0]).toBe(`recordings: ${folder} is a folder, not a recordings database`);

    const foreign = join(dir, 'other.db');
    const other = new BetterSqlite3(foreign);
    other.exec('CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES (\'mine\')');
    other.close();
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'just some notes, long enough to be more than a header would be. '.repeat(4));
    for (const [path, message] of [
      [foreign, `recordings: ${foreign} is another program's SQLite database, not a recordings database; it was left untouched`],
      [text, `recordings: ${text} is not a recordings database (not a SQLite file, or damaged); it was left untouched`],
    ] as const) {
      const before = readFileSync(path);
      for (const args of [['stats'], ['status'], ['sync']]) {
        const env = isolatedEnv(dir, { RC_SERVER_URL: 'http://127.0.0.1:9', RC_APP_CLIENT_ID: 'id', RC_APP_CLIENT_SECRET: 'secret', RC_USER_JWT: 'jwt' });
        const result = await spawnCli(['--db', path, ...args], env);
        expect(result.exitCode, `${args[0]} ${path}`).toBe(1);
        expect(result.stderr, `${args[0]} ${path}`).toBe(`${message}\n`);
      }
      expect(readFileSync(path).equals(before)).toBe(true);
    }
  });
});

describe('only sync creates the archive (SQLite only: the file and its folders)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ calls: 20, days: 1, rateLimits: 'off' });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('search before the first sync is exit 2; sync makes a 0600 file in 0700 folders; then every command reads it', async () => {
    const dir = tempDir();
    const db = join(dir, 'data', 'nested', 'x.db');
    const env = simulatorEnv(dir, sim, { RECORDINGS_DB: db });

    const before = await spawnCli(['search', '--text', 'reservation'], env);
    expect(before.exitCode).toBe(2);
    expect(before.stderr).toBe(`recordings: ${noArchive(db)}\n`);

    const sync = await spawnCli(['sync', '--since', '1d', '--json'], env, { cwd: '/' });
    expect(sync.exitCode, sync.stderr).toBe(0);
    expect(statSync(db).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'data', 'nested')).mode & 0o777).toBe(0o700);

    const stats = await spawnCli(['stats', '--json'], env);
    expect(stats.exitCode, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout).recordings).toBe(JSON.parse(sync.stdout).recordings.seen);
    const status = await spawnCli(['status'], env);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).toContain(`Database        ${db}`);
    expect(status.stdout).toMatch(/Last sync\s+\S+ ok/);
  });

  it('a sync whose credentials cannot be read stops before creating anything', async () => {
    const dir = tempDir();
    const db = join(dir, 'new', 'x.db');
    const env = simulatorEnv(dir, sim, { RECORDINGS_DB: db, RC_USER_JWT: undefined, RC_USER_JWT_FILE: join(dir, 'missing.jwt') });
    const result = await spawnCli(['sync'], env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`recordings: RC_USER_JWT_FILE: cannot read the JWT file ${join(dir, 'missing.jwt')} (ENOENT)\n`);
    expect(tree(dir)).toEqual([]);
  });
});

describe('an existing archive is opened as it is (SQLite only: a path from any working directory)', () => {
  it('status prints its state from any working directory', async () => {
    const dir = tempDir();
    const db = await seedDatabaseFile(dir, [{ id: 'r1', startTime: '2026-11-20T10:00:00.000Z' }]);
    const result = await spawnCli(['status'], isolatedEnv(dir, { RECORDINGS_DB: db }), { cwd: '/' });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Database        ${db}`);
    expect(result.stdout).toMatch(/Recordings\s+1 /);
    expect(result.stdout).toMatch(/Last sync\s+none yet/);
    const json = JSON.parse((await spawnCli(['status', '--json'], isolatedEnv(dir, { RECORDINGS_DB: db }))).stdout);
    expect(json.database).toMatchObject({ path: db, exists: true });
    expect(json.counts.recordings).toBe(1);
  });
});
