import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryRows, queryValue } from '../helpers/backends.js';
import { freshPostgresDatabase, withClient } from '../helpers/postgres.js';
import { cli, spawnCli } from '../helpers/run-cli.js';
import { seedDatabaseFile, seedStore } from '../helpers/seed.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';
import { DATA_SET } from '../query/data-set.js';
import { openStore } from '../../src/db/open-store.js';
import { POSTGRES_MIGRATIONS_FOLDER } from '../../src/db/postgres/schema-state.js';

/** How many migrations this version knows (migrations/postgres/meta/_journal.json). */
const MIGRATIONS = (JSON.parse(readFileSync(join(POSTGRES_MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

const tempDir = useTempDirs();

/** The archive of the data set on a new PostgreSQL database; its URL. */
async function seededPostgres(): Promise<string> {
  const url = await freshPostgresDatabase();
  const store = await openStore(url, { create: true });
  await seedStore(store, DATA_SET);
  await store.close();
  return url;
}

function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}

describe('PostgreSQL: which server, which archive', () => {
  it('no archive (the tables absent): read commands exit 2 naming it, status says so and exits 0, nothing is created', async () => {
    const url = await freshPostgresDatabase();
    const env = isolatedEnv(tempDir(), { RECORDINGS_DB: url });
    for (const args of [['search', '--text', 'refund'], ['get', 'rec-1'], ['stats'], ['export'], ['audit'], ['hold', 'rec-1'], ['backup', join(tempDir(), 'b.db')]]) {
      const result = await cli(args, env);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^recordings: no archive at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/\w+ \(no recordings tables in schema public\) — run 'recordings sync' first/);
      expect(result.stderr).not.toContain('test-only-password');
    }
    const status = await cli(['status'], env);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/^no archive at postgres:\/\/postgres:\*\*\*@/);
    expect(await queryValue(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).toBe(0);
  });

  it('unreachable is exit 75, a refused login exit 3, a database that is not there exit 2; the password never shows', async () => {
    const url = await freshPostgresDatabase();
    const env = (target: string) => isolatedEnv(tempDir(), { RECORDINGS_DB: target });
    const closed = new URL(url);
    closed.port = '9';
    const unreachable = await cli(['stats'], env(withPassword(closed.toString(), 'hunter2-secret')));
    expect(unreachable.exitCode).toBe(75);
    expect(unreachable.stderr).toMatch(/^recordings: the PostgreSQL server at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:9\/\w+ is not available: connect ECONNREFUSED/);

    const refused = await spawnCli(['--verbose', 'search', '--text', 'x'], env(withPassword(url, 'hunter2-secret')));
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toMatch(/^recordings: PostgreSQL refused the login to postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/\w+: password authentication failed for user "postgres"\n/);

    const missing = new URL(url);
    missing.pathname = '/no_such_database';
    const absent = await cli(['stats'], env(missing.toString()));
    expect(absent.exitCode).toBe(2);
    expect(absent.stderr).toContain('database "no_such_database" does not exist');

    const doctor = await spawnCli(['doctor', '--json'], env(withPassword(url, 'hunter2-secret')));
    expect(JSON.parse(doctor.stdout).checks.find((check: { id: string }) => check.id === 'database.server')).toMatchObject({ status: 'fail', kind: 'credentials' });
    for (const output of [unreachable, refused, absent, doctor]) expect(output.stdout + output.stderr).not.toContain('hunter2-secret');
  });

  it('fills in the user and password from the PG* variables and the password file, as node-postgres and libpq do', async () => {
    const url = await seededPostgres();
    const parsed = new URL(url);
    const bare = `postgres://${parsed.host}${parsed.pathname}`;
    const dir = tempDir();
    const fromEnv = await spawnCli(['stats', '--json'], isolatedEnv(dir, { RECORDINGS_DB: bare, PGUSER: parsed.username, PGPASSWORD: decodeURIComponent(parsed.password) }));
    expect(fromEnv.exitCode, fromEnv.stderr).toBe(0);
    expect(JSON.parse(fromEnv.stdout).recordings).toBe(6);

    const passfile = join(dir, 'pgpass');
    writeFileSync(passfile, `# host:port:database:user:password\n${parsed.hostname}:${parsed.port}:*:${parsed.username}:${decodeURIComponent(parsed.password)}\n`, { mode: 0o600 });
    const fromFile = await spawnCli(['get', 'rec-1', '--json'], isolatedEnv(dir, { RECORDINGS_DB: bare, PGUSER: parsed.username, PGPASSFILE: passfile }));
    expect(fromFile.exitCode, fromFile.stderr).toBe(0);
    expect(fromFile.stderr).toBe('');
    expect(JSON.parse(fromFile.stdout).id).toBe('rec-1');
  });

  it('the same JSON as on a SQLite file, for every query command', async () => {
    const url = await seededPostgres();
    const dir = tempDir();
    const file = await seedDatabaseFile(dir, DATA_SET);
    const run = async (db: string, args: string[]) => {
      const result = await cli(args, isolatedEnv(dir, { RECORDINGS_DB: db, TZ: 'UTC' }), { now: () => new Date('2026-11-26T12:00:00.000Z') });
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      return result.stdout;
    };
    for (const args of [
      ['search', '--json'],
      ['search', '--text', 'reservations', '--sort', 'newest', '--json'],
      ['search', '--phone', '0123', '--direction', 'outbound', '--json'],
      ['search', '--topic', 'reservation', '--sort', 'oldest', '--csv'],
      ['get', 'c-transfer', '--json'],
      ['get', 'rec-1', '--json'],
      ['stats', '--json'],
      ['stats', '--from', '2026-11-21', '--to', '2026-11-21', '--json'],
      ['export', '--format', 'csv'],
      ['export', '--format', 'ndjson', '--has-transcript'],
      ['export', '--format', 'json', '--text', 'refund OR catering', '--sort', 'oldest'],
    ]) {
      const [onFile, onPostgres] = [await run(file, args), await run(url, args)];
      // Snippets are the one thing each backend writes its own way (docs/cli.md, "PostgreSQL").
      const comparable = (text: string) => (args.includes('--text') && args[0] === 'search' ? JSON.stringify({ ...JSON.parse(text), recordings: JSON.parse(text).recordings.map(({ snippet: _s, ...hit }: Record<string, unknown>) => hit) }) : text);
      expect(comparable(onPostgres), args.join(' ')).toBe(comparable(onFile));
    }
    const audit = JSON.parse(await run(url, ['audit', '--json'])).entries as { action: string; details: { rows: number } }[];
    expect(audit.map((entry) => entry.action)).toEqual(['export', 'export', 'export']);
  });

  it('doctor checks the server and its version, the role and the migrations, changing nothing, and asks for no extension', async () => {
    const url = await seededPostgres();
    const before = await queryRows(url, 'SELECT * FROM __drizzle_migrations ORDER BY id');
    const doctor = await spawnCli(['doctor', '--json'], isolatedEnv(tempDir(), { RECORDINGS_DB: url }));
    const checks = Object.fromEntries((JSON.parse(doctor.stdout).checks as { id: string; status: string; message: string }[]).map((check) => [check.id, check]));
    expect(checks['database.server']).toMatchObject({ status: 'pass', message: expect.stringMatching(/^PostgreSQL 1[4-9]\.\d+ at postgres:\/\/postgres:\*\*\*@\S+ \(recordings needs 14 or newer\)$/) });
    expect(Object.keys(checks).filter((id) => id.startsWith('database.'))).toEqual(['database.server', 'database.role', 'database.migrations']);
    expect(checks['database.role']).toMatchObject({ status: 'pass', message: 'postgres may read and sync the archive' });
    expect(checks['database.migrations']).toMatchObject({ status: 'pass', message: expect.stringMatching(new RegExp(`^${MIGRATIONS} of ${MIGRATIONS} migrations applied`)) });
    expect(checks['modes.database']).toBeUndefined();
    expect(await queryRows(url, 'SELECT * FROM __drizzle_migrations ORDER BY id')).toEqual(before);

    const empty = await spawnCli(['doctor', '--json'], isolatedEnv(tempDir(), { RECORDINGS_DB: await freshPostgresDatabase() }));
    const none = (JSON.parse(empty.stdout).checks as { id: string; status: string; message: string }[]).find((check) => check.id === 'database.migrations');
    expect(none).toMatchObject({ status: 'warn', message: expect.stringMatching(/^no archive yet in schema public at .*: the first sync creates it$/) });
  });

  it('backup writes a SQLite file of the archive that --db reads', async () => {
    const url = await seededPostgres();
    const dir = tempDir();
    const target = join(dir, 'snapshot.db');
    const result = await cli(['backup', target], isolatedEnv(dir, { RECORDINGS_DB: url }));
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Backed up postgres:\/\/postgres:\*\*\*@[^ ]+ to .*snapshot\.db: 6 recordings, [\d.]+ KiB; integrity check ok\.\n$/);
    const fromFile = await cli(['get', 'rec-2', '--json'], isolatedEnv(dir, { RECORDINGS_DB: target }));
    const fromServer = await cli(['get', 'rec-2', '--json'], isolatedEnv(dir, { RECORDINGS_DB: url }));
    expect(fromFile.stdout).toBe(fromServer.stdout);
    expect((await queryRows(url, "SELECT action FROM audit_log WHERE action = 'backup'")).length).toBe(1);
  });
});

describe('PostgreSQL: roles', () => {
  /** The README's SQL for the two roles (README.md, "When one file is not enough"), with this test's names. */
  function readmeRoleSql(): { syncing: string[]; desk: string[] } {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## When one file is not enough'));
    const blocks = [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((match) => match[1]!);
    const statements = (block: string) => block.split(';').map((statement) => statement.trim()).filter(Boolean);
    return { syncing: statements(blocks[0]!), desk: statements(blocks[1]!) };
  }

  it("a support desk's role set up as the README says reads everything and appends only to the audit log", async () => {
    const admin = await freshPostgresDatabase();
    const suffix = Math.random().toString(36).slice(2, 8);
    const names = (sql: string) =>
      sql.replace(/\brecordings_sync\b/g, `sync_${suffix}`).replace(/\bsupport_desk\b/g, `desk_${suffix}`).replace(/DATABASE recordings\b/g, `DATABASE roles_${suffix}`);
    const sql = readmeRoleSql();
    expect(sql.syncing.length).toBeGreaterThan(1);
    await withClient(admin, async (client) => {
      for (const statement of sql.syncing) await client.query(names(statement));
    });
    const server = new URL(admin);
    const as = (role: string, password: string) => `postgres://${role}:${password}@${server.host}/roles_${suffix}`;
    const syncing = as(`sync_${suffix}`, 'choose-one');
    const dir = tempDir();
    // The first sync's part: the tables, here seeded through the store the sync writes with.
    const store = await openStore(syncing, { create: true });
    await seedStore(store, DATA_SET);
    await store.close();
    await withClient(admin.replace(/\/[^/]*$/, `/roles_${suffix}`), async (client) => {
      // CREATE ROLE needs CREATEROLE: the README says to run it as an administrator then.
      await client.query(names(sql.desk[0]!));
    });
    await withClient(syncing, async (client) => {
      for (const statement of sql.desk.slice(1)) await client.query(names(statement));
    });
    const desk = isolatedEnv(dir, { RECORDINGS_DB: as(`desk_${suffix}`, 'choose-another') });
    for (const args of [['search', '--text', 'refund', '--json'], ['get', 'rec-1', '--json'], ['stats', '--json'], ['status', '--json'], ['export', '--format', 'csv'], ['audit', '--json']]) {
      const result = await cli(args, desk);
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    expect(await queryValue(syncing, "SELECT actor FROM audit_log WHERE action = 'export'")).toEqual(expect.any(String));
    const hold = await cli(['hold', 'rec-1'], desk);
    expect(hold.exitCode).toBe(1);
    expect(hold.stderr).toMatch(/^recordings: PostgreSQL refused: permission denied for table recordings \(at postgres:\/\/desk_\w+:\*\*\*@/);
    const doctor = await spawnCli(['doctor', '--json'], desk);
    expect(JSON.parse(doctor.stdout).checks.find((check: { id: string }) => check.id === 'database.role').message).toMatch(/may read the archive and append to its audit log/);

    // An older schema: the desk's role may not upgrade it, and is told what to run; the syncing role upgrades it.
    await withClient(syncing, (client) => client.query('DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)'));
    const older = await cli(['stats'], desk);
    expect(older.exitCode).toBe(2);
    expect(older.stderr).toContain(`has an older schema (${MIGRATIONS - 1} of ${MIGRATIONS} migrations) and this role may not upgrade it`);
    expect(older.stderr).toContain("run 'recordings sync' once as the role that syncs and owns the schema");
  });
});

describe('PostgreSQL: copy --to', () => {
  it('a file to PostgreSQL and back, --json counts; a second run keeps everything; a target with another archive is refused', async () => {
    const dir = tempDir();
    const file = await seedDatabaseFile(dir, DATA_SET);
    const url = await freshPostgresDatabase();
    const env = isolatedEnv(dir, { RECORDINGS_DB: file });
    const first = await cli(['copy', '--to', url, '--json'], env);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ recordings: 6, segments: 7, insights: 7, auditEntries: 0, syncRuns: 0, written: 6, kept: 0, durationMs: expect.any(Number) });
    const again = await cli(['copy', '--to', url, '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ recordings: 6, written: 0, kept: 6, auditEntries: 1 });
    expect(await queryValue(url, "SELECT count(*) FROM audit_log WHERE action = 'copy'")).toBe(1);

    const back = join(dir, 'back.db');
    const home = await cli(['copy', '--to', back], isolatedEnv(dir, { RECORDINGS_DB: url }));
    expect(home.exitCode, home.stderr).toBe(0);
    expect(home.stdout).toMatch(/^Copied postgres:\/\/postgres:\*\*\*@\S+ to .*back\.db: 6 recordings \(6 written, 0 already there\), 7 transcript segments, 7 insights, 1 audit entry, 0 sync runs in [\d.]+ s; every recording checked\.\n$/);

    const other = await seededPostgres();
    const refused = await cli(['copy', '--to', other], env);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/already holds an archive that was not copied from/);
    const same = await cli(['copy', '--to', file], env);
    expect(same.exitCode).toBe(2);
    const closed = new URL(url);
    closed.port = '9';
    expect((await cli(['copy', '--to', closed.toString()], env)).exitCode).toBe(75);
  });

  it('kill -9 during a copy into PostgreSQL loses nothing: the same command finishes it, without duplicates', async () => {
    const dir = tempDir();
    const seeds = Array.from({ length: 3000 }, (_, i) => ({
      id: `r${i}`,
      startTime: new Date(Date.parse('2026-10-01T00:00:00.000Z') + i * 60_000).toISOString(),
      lines: [`Caller: call number ${i} about a reservation`, 'Host: of course'],
    }));
    const file = await seedDatabaseFile(dir, seeds);
    const url = await freshPostgresDatabase();
    const env = isolatedEnv(dir, { RECORDINGS_DB: file });
    const { startCli } = await import('../sync/helpers/spawn.js');
    const copy = startCli(['-v', 'copy', '--to', url], env);
    await copy.waitForLine(/copying recordings/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    copy.kill('SIGKILL');
    const killed = await copy.finished;
    const partial = (await queryValue<number>(url, 'SELECT count(*) FROM recordings')) ?? 0;
    if (killed.signal === 'SIGKILL') expect(partial).toBeLessThan(3000);

    const rerun = await spawnCli(['copy', '--to', url, '--json'], env, { timeoutMs: 120_000 });
    expect(rerun.exitCode, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ recordings: 3000, segments: 6000, kept: partial, written: 3000 - partial });
    expect(await queryRows(url, 'SELECT count(*) AS n, count(DISTINCT id) AS ids FROM recordings')).toEqual([{ n: 3000, ids: 3000 }]);
    expect(await queryValue(url, 'SELECT count(*) FROM transcript_segments')).toBe(6000);
    const search = await cli(['search', '--text', 'reservation', '--json', '--limit', '1'], isolatedEnv(dir, { RECORDINGS_DB: url }));
    expect(JSON.parse(search.stdout).total).toBe(3000);
  });
});
