import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { copyArchive } from '../../src/db/copy/copy-archive.js';
import { openStore } from '../../src/db/open-store.js';
import { schemaState } from '../../src/db/postgres/schema-state.js';
import { PgSession } from '../../src/db/postgres/session.js';
import { PostgresStore } from '../../src/db/postgres/store.js';
import type { ArchiveStore } from '../../src/db/store.js';
import { freshPostgresDatabase, withClient } from '../helpers/postgres.js';
import { cli } from '../helpers/run-cli.js';
import { SEED_NOW, type SeedRecording, seedStore } from '../helpers/seed.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';
import { BEYOND_ASCII, DATA_SET } from '../query/data-set.js';

const tempDir = useTempDirs();
const open: ArchiveStore[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

/** An archive written by the release before PostgreSQL (test/fixtures/archives/SOURCE.md), copied so the fixture stays as it is. */
function releaseArchive(): string {
  const path = join(tempDir(), 'recordings.db');
  copyFileSync(new URL('../fixtures/archives/release-0.1.0.sqlite', import.meta.url), path);
  return path;
}

/** The same archive written with the current code: what the old one must read as once upgraded. */
async function currentArchive(target = join(tempDir(), 'current.db'), seeds = DATA_SET): Promise<ArchiveStore> {
  const store = await openStore(target, { create: true });
  open.push(store);
  await populate(store, seeds);
  return store;
}

/** The release archive's contents, written through `store`: the data set, a hold, an audit row, a sync run, audio, an owner, the checkpoint. */
async function populate(store: ArchiveStore, seeds: readonly SeedRecording[]): Promise<void> {
  await seedStore(store, seeds);
  await store.changeLegalHold(['rec-2'], { hold: true, reason: 'case 4711', at: SEED_NOW, actor: 'ana', requestedId: 'rec-2' });
  await store.appendAudit({ at: SEED_NOW, action: 'export', actor: 'bo', details: { rows: 6 } });
  const run = await store.startRun({ startedAt: '2026-11-26T11:00:00.000Z', pid: 7 });
  await store.updateRun(run, { status: 'ok', finishedAt: '2026-11-26T11:01:00.000Z', recordingsSeen: 6, apiRequests: 9 });
  await store.writeStates({ checkpoint: '2026-11-26T10:59:00.000Z' }, SEED_NOW);
  await store.recordAudioArchived({ id: 'rec-1', path: '/srv/rec/audio/2026/11/rec-1.mp3', sha256: 'b'.repeat(64), bytes: 123456, contentType: 'audio/mpeg', now: SEED_NOW });
  await store.noteOwnerUnavailable('e9', 1, SEED_NOW);
}

/** What a user could see of the archive. */
async function visible(store: ArchiveStore, seeds = DATA_SET) {
  const { schema: _schema, bytes: _bytes, ...facts } = await store.facts({ runs: 10, refusedShown: 10 });
  return {
    recordings: await Promise.all(seeds.map((seed) => store.findRecording(seed.id))),
    stats: await store.stats({ fromMs: null, toMs: null }),
    // Snippets are the one thing each backend writes its own way (docs/cli.md, "PostgreSQL").
    search: (await store.search({ text: 'reservation', filter: {}, page: { sort: 'newest' } })).hits.map(({ snippet: _snippet, ...hit }) => hit),
    audit: (await store.listAudit(10)).map(({ id: _id, ...entry }) => entry),
    facts: { ...facts, recentSyncs: facts.recentSyncs.map(({ id: _id, ...run }) => run), lastSuccessfulSync: { ...facts.lastSuccessfulSync, id: 0 } },
  };
}

describe('an archive made by the release before PostgreSQL (a SQLite file, and its copy to PostgreSQL)', () => {
  it('opens, is migrated to the current schema with an archive id, and has lost nothing', async () => {
    const path = releaseArchive();
    const upgraded = await openStore(path);
    open.push(upgraded);
    const version = await upgraded.schemaVersion();
    expect(version).toEqual({ applied: version.known, known: version.known, latest: '0007_archive_id' });
    expect(await upgraded.archiveId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await visible(upgraded)).toEqual(await visible(await currentArchive()));
    const status = await cli(['status', '--json'], isolatedEnv(tempDir(), { RECORDINGS_DB: path }));
    expect(JSON.parse(status.stdout).database).toMatchObject({ schemaVersion: version.known, schemaLatest: '0007_archive_id' });
  });

  it('copies to PostgreSQL as it is', async () => {
    const upgraded = await openStore(releaseArchive());
    open.push(upgraded);
    const postgres = await openStore(await freshPostgresDatabase(), { create: true });
    open.push(postgres);
    expect(await copyArchive(upgraded, postgres, { now: () => new Date(SEED_NOW) })).toMatchObject({ recordings: 6, auditEntries: 2, syncRuns: 1 });
    expect(await visible(postgres)).toEqual(await visible(upgraded));
  });
});

/** The release's PostgreSQL migrations as released, before search folded from unicode61's table (test/fixtures/archives/SOURCE.md). */
const FOLD_BEFORE = fileURLToPath(new URL('../fixtures/archives/postgres-before-fold', import.meta.url));

describe('a PostgreSQL archive made before search folded from unicode61\'s table', () => {
  it('is migrated, the search vectors the fold changes computed again, and has lost nothing', async ({ skip }) => {
    const url = await freshPostgresDatabase();
    const seeds = [...DATA_SET, BEYOND_ASCII];
    const version = await withClient(url, async (client) => Number((await client.query('SHOW server_version_num')).rows[0].server_version_num));
    // Its fold lowercased through pg_c_utf8: no such archive can exist on an older server.
    if (version < 170_000) skip('the release before could only make a PostgreSQL archive on 17 or later');

    // The release's schema, made by its own migrations, and its data written through the store,
    // whose tables are the same then and now: nothing is migrated yet.
    await withClient(url, async (client) => {
      const [{ drizzle }, { migrate }] = await Promise.all([import('drizzle-orm/node-postgres'), import('drizzle-orm/node-postgres/migrator')]);
      await migrate(drizzle(client), { migrationsFolder: FOLD_BEFORE, migrationsTable: '__drizzle_migrations', migrationsSchema: 'public' });
    });
    const session = await PgSession.connect(url);
    const old = new PostgresStore(session, await session.run((client) => schemaState(client)));
    expect(await old.schemaVersion()).toEqual({ applied: 3, known: 5, latest: '0002_search' });
    await populate(old, seeds);
    await old.close();
    const before = await searchVectors(url);
    // й written as и and U+0306: the old fold composed it, unicode61 drops the diacritic.
    expect(before['rec-beyond-ascii']).toContain("'мойра'");

    const upgraded = await openStore(url);
    open.push(upgraded);
    expect(await upgraded.schemaVersion()).toEqual({ applied: 5, known: 5, latest: '0004_search_table' });
    const currentUrl = await freshPostgresDatabase();
    const current = await currentArchive(currentUrl, seeds);
    expect(await visible(upgraded, seeds)).toEqual(await visible(current, seeds));
    const after = await searchVectors(url);
    expect(after).toEqual(await searchVectors(currentUrl));
    expect(after['rec-beyond-ascii']).toContain("'моира'");
    expect(Object.keys(after).filter((id) => after[id] !== before[id])).toEqual(['rec-beyond-ascii']);

    const file = await currentArchive(join(tempDir(), 'same.db'), seeds);
    for (const text of ['Моира', 'Мойра', 'nguyen', 'ØSTER', 'reservation']) {
      const ids = async (store: ArchiveStore) => (await store.search({ text, filter: {}, page: { sort: 'newest' } })).hits.map((hit) => hit.id);
      expect(await ids(upgraded), text).toEqual(await ids(file));
    }
  });
});

/** Each recording's stored search vector, by id. */
async function searchVectors(url: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => Object.fromEntries((await client.query('SELECT id, search_vector::text AS v FROM recordings ORDER BY id')).rows.map((row) => [row.id, row.v])));
}
