import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNICODE61_DIACRITICS, unicode61Folds } from '../../src/db/postgres/unicode61.js';
import { SEARCH_INDEX_SQL } from '../../src/db/postgres/text-search-sql.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { type EmbeddedServer, startEmbeddedPostgres } from '../helpers/embedded-postgres.js';
import { POSTGRES_14_PLATFORM } from '../helpers/postgres-14-server.js';
import { seedArchive } from '../helpers/backends.js';
import { withClient } from '../helpers/postgres.js';
import { cli } from '../helpers/run-cli.js';
import { simulatorEnv } from '../helpers/simulator-env.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';
import { fakePlayerFolder } from '../ops/helpers.js';
import { BEYOND_ASCII, DATA_SET } from '../query/data-set.js';

/**
 * The product on the oldest PostgreSQL it supports (docs/cli.md, "PostgreSQL"): a real 14 server
 * (its binaries from npm: test/helpers/postgres-14-server.ts), started for this file alone and stopped after it. Its
 * cluster's locale is C.UTF-8, as a managed server's en_US.UTF-8 is a libc locale; one database
 * here is made with the C locale.
 */
let server: EmbeddedServer;
let sim: Simulator;
beforeAll(async () => {
  if (!POSTGRES_14_PLATFORM) return;
  [server, sim] = await Promise.all([startEmbeddedPostgres(14, ['--locale=C.UTF-8']), startSimulator({ calls: 120, days: 2, insightsDelaySeconds: 0 })]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), sim?.stop()]);
});

const tempDir = useTempDirs();
let databases = 0;

/** A new database on the 14 server; its URL. */
async function database(options = ''): Promise<string> {
  const name = `older_${++databases}`;
  await withClient(server.url, (client) => client.query(`CREATE DATABASE ${name} ${options}`));
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Words, phrases, prefixes, column filters, NEAR and text beyond ASCII, each with the simulator's
 * names and words: SQLite's unicode61 folds `Nguyễn` to `nguyen` and `Ø` to `ø`, but keeps `ø`, `ł`
 * and CJK as they are, so `soren` and `lukasz` find nothing on either backend.
 */
const QUERIES = [
  'reservation',
  'reservations table',
  '"gift card"',
  'cater*',
  'summary:refund OR complaint',
  'NEAR(table guests, 6)',
  'nguyen',
  'NGUYỄN',
  'Søren',
  'soren',
  'ØSTER',
  'Łukasz',
  'lukasz',
  'zoe',
  'JOSÉ',
  'jos*',
  '王伟',
];

// The registry publishes 14's binaries for linux-x64 alone (CI's platform); elsewhere there is no 14 to start.
describe.skipIf(!POSTGRES_14_PLATFORM)('PostgreSQL 14, the oldest version supported', () => {
  it('sync creates the archive there, doctor passes, and search finds what it finds in a SQLite archive of the same sync', async () => {
    const dir = tempDir();
    const url = await database();
    const file = join(dir, 'recordings.db');
    const env = (db: string) => ({ ...simulatorEnv(dir, sim, { RECORDINGS_DB: db }), PATH: `${fakePlayerFolder(dir)}:${process.env.PATH ?? ''}` });
    for (const db of [url, file]) {
      const sync = await cli(['sync', '--since', '2d'], env(db));
      expect(sync.exitCode, sync.stderr).toBe(0);
    }

    const doctor = await cli(['doctor', '--json'], env(url));
    const report = JSON.parse(doctor.stdout) as { ok: boolean; checks: { id: string; status: string; message: string }[] };
    expect(doctor.exitCode, doctor.stdout).toBe(0);
    const check = (id: string) => report.checks.find((found) => found.id === id);
    expect(check('database.server')?.message).toMatch(/^PostgreSQL 14\.\d+ at postgres:\/\/postgres:\*\*\*@\S+ \(recordings needs 14 or newer\)$/);
    expect(check('database.migrations')).toMatchObject({ status: 'pass', message: expect.stringMatching(/^5 of 5 migrations applied \(0004_search_table\)$/) });

    const found = async (db: string, text: string) => {
      const result = await cli(['search', '--text', text, '--sort', 'newest', '--limit', '1000', '--json'], env(db));
      expect(result.exitCode, `${text}: ${result.stderr}`).toBe(0);
      const body = JSON.parse(result.stdout) as { total: number; recordings: { id: string; snippet: string | null }[] };
      return { total: body.total, ids: body.recordings.map((hit) => hit.id), snippets: body.recordings.map((hit) => hit.snippet) };
    };
    const totals: Record<string, number> = {};
    for (const text of QUERIES) {
      const [onFile, onPostgres] = [await found(file, text), await found(url, text)];
      expect({ total: onPostgres.total, ids: onPostgres.ids }, text).toEqual({ total: onFile.total, ids: onFile.ids });
      totals[text] = onFile.total;
      // Snippets are each backend's own (docs/cli.md, "PostgreSQL"), but PostgreSQL's are there.
      if (onPostgres.total > 0) expect(onPostgres.snippets[0], text).toEqual(expect.any(String));
    }
    // The account has these, so the comparison above is not of empty results.
    for (const text of ['reservation', '"gift card"', 'cater*', 'NEAR(table guests, 6)', 'nguyen', 'NGUYỄN', 'Søren', 'ØSTER', 'Łukasz', 'zoe', 'JOSÉ', '王伟']) expect(totals[text], text).toBeGreaterThan(0);
    expect(totals.soren).toBe(0);
    expect(totals.lukasz).toBe(0);
  });

  it('an archive whose search vectors an earlier fold made is brought up to date by the migration, on 14 too', async () => {
    const url = await database();
    await seedArchive(url, [...DATA_SET, BEYOND_ASCII]);
    const fresh = await vectors(url);
    // The state of an archive made before 0003_search_fold: vectors of another fold, that migration
    // and the search table of 0004_search_table after it not applied.
    await withClient(url, async (client) => {
      await client.query('CREATE OR REPLACE FUNCTION recordings_fts_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN upper(t)');
      await client.query('UPDATE recordings SET transcript = transcript');
      await client.query('DROP TABLE recording_search');
      await client.query('DROP FUNCTION recording_search_sync() CASCADE');
      await client.query('DROP FUNCTION recordings_snippet');
      await client.query(SEARCH_INDEX_SQL.find((statement) => statement.includes('recordings_search_vector_idx'))!);
      await client.query('DELETE FROM __drizzle_migrations WHERE id IN (SELECT id FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 2)');
    });
    expect(await vectors(url)).not.toEqual(fresh);

    const search = await cli(['search', '--text', 'Моира', '--json'], isolatedEnv(tempDir(), { RECORDINGS_DB: url }));
    expect(search.exitCode, search.stderr).toBe(0);
    expect(JSON.parse(search.stdout).recordings.map((hit: { id: string }) => hit.id)).toEqual(['rec-beyond-ascii']);
    expect(await vectors(url)).toEqual(fresh);
    expect(await withClient(url, async (client) => (await client.query('SELECT count(*)::int AS n FROM __drizzle_migrations')).rows[0].n)).toBe(5);
  });

  it('folds every character as unicode61 does, in a C.UTF-8 and in a C database alike', async () => {
    const letters = unicode61Folds();
    const marks = UNICODE61_DIACRITICS.split(' ').flatMap((range) => {
      const [first, last = first] = range.split('-').map((hex) => Number.parseInt(hex, 16)) as [number, number?];
      return Array.from({ length: last! - first + 1 }, (_, i) => String.fromCodePoint(first + i));
    });
    const text = `ABC ${letters.map(([from]) => String.fromCodePoint(from)).join(' ')} e${marks.join('')}x`;
    const expected = `abc ${letters.map(([, to]) => String.fromCodePoint(to)).join(' ')} ex`;
    for (const url of [await database(), await database("TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'")]) {
      await seedArchive(url, []);
      expect(await withClient(url, async (client) => (await client.query('SELECT recordings_fts_fold($1) AS folded', [text])).rows[0].folded)).toBe(expected);
    }
  });
});

/** Each recording's search vector, by id. */
async function vectors(url: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => Object.fromEntries((await client.query('SELECT id, search_vector::text AS v FROM recordings ORDER BY id')).rows.map((row) => [row.id, row.v])));
}
