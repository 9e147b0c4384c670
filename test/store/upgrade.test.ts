import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyArchive } from '../../src/db/copy/copy-archive.js';
import { openStore } from '../../src/db/open-store.js';
import type { ArchiveStore } from '../../src/db/store.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { cli } from '../helpers/run-cli.js';
import { SEED_NOW, seedStore } from '../helpers/seed.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';
import { DATA_SET } from '../query/data-set.js';

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
async function currentArchive(): Promise<ArchiveStore> {
  const store = await openStore(join(tempDir(), 'current.db'), { create: true });
  open.push(store);
  await seedStore(store, DATA_SET);
  await store.changeLegalHold(['rec-2'], { hold: true, reason: 'case 4711', at: SEED_NOW, actor: 'ana', requestedId: 'rec-2' });
  await store.appendAudit({ at: SEED_NOW, action: 'export', actor: 'bo', details: { rows: 6 } });
  const run = await store.startRun({ startedAt: '2026-11-26T11:00:00.000Z', pid: 7 });
  await store.updateRun(run, { status: 'ok', finishedAt: '2026-11-26T11:01:00.000Z', recordingsSeen: 6, apiRequests: 9 });
  await store.writeStates({ checkpoint: '2026-11-26T10:59:00.000Z' }, SEED_NOW);
  await store.recordAudioArchived({ id: 'rec-1', path: '/srv/rec/audio/2026/11/rec-1.mp3', sha256: 'b'.repeat(64), bytes: 123456, contentType: 'audio/mpeg', now: SEED_NOW });
  await store.noteOwnerUnavailable('e9', 1, SEED_NOW);
  return store;
}

/** What a user could see of the archive. */
async function visible(store: ArchiveStore) {
  const { schema: _schema, bytes: _bytes, ...facts } = await store.facts({ runs: 10, refusedShown: 10 });
  return {
    recordings: await Promise.all(DATA_SET.map((seed) => store.findRecording(seed.id))),
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
