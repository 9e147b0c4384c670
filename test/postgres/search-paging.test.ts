import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { copyArchive } from '../../src/db/copy/copy-archive.js';
import { openDb } from '../../src/db/open.js';
import { openStore } from '../../src/db/open-store.js';
import { RANK_WINDOW } from '../../src/db/queries/ordered-select.js';
import { SqliteStore } from '../../src/db/sqlite/store.js';
import type { ArchiveStore, RecordingQuery } from '../../src/db/store.js';
import { writeCallRecordings } from '../../src/db/sqlite/write-recordings.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { callRow, SEED_NOW } from '../helpers/seed.js';

/**
 * Paging a ranked search on PostgreSQL, as test/query/ranking-window.test.ts pages it on SQLite:
 * past RANK_WINDOW matches only the newest are ranked, older ones follow newest first, and the
 * pages together hold every match once.
 */

const EXTRA = 120;
const N = RANK_WINDOW + EXTRA;
let dir: string;
let sqlite: ArchiveStore;
let postgres: ArchiveStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-paging-'));
  const db = await openDb(join(dir, 'recordings.db'));
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  writeCallRecordings(db, Array.from({ length: N }, (_, i) => callRow({ id: `r${i}`, startTime: new Date(start + i * 60_000).toISOString() })), SEED_NOW);
  db.prepare("UPDATE recordings SET transcript = 'is there parking near the restaurant tonight or should we take a cab instead'").run();
  db.prepare("UPDATE recordings SET transcript = 'parking parking parking' WHERE id IN ('r0', ?)").run(`r${N - 10}`);
  sqlite = new SqliteStore(db, join(dir, 'recordings.db'));
  postgres = await openStore(await freshPostgresDatabase(), { create: true });
  await copyArchive(sqlite, postgres, { now: () => new Date() });
}, 120_000);

afterAll(async () => {
  await postgres?.close();
  await sqlite?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ranked = (limit: number | undefined, offset: number): RecordingQuery => ({ text: 'parking', filter: {}, page: { sort: 'relevance', limit, offset } });
const ids = (hits: { id: string }[]) => hits.map((hit) => hit.id);

test('past RANK_WINDOW matches only the newest are ranked; older ones follow, newest first; paging covers every match once', async () => {
  const first = await postgres.search(ranked(5, 0));
  expect(first.total).toBe(N);
  expect(first.hits[0]!.id).toBe(`r${N - 10}`);
  expect(ids(first.hits)).not.toContain('r0');

  const seen: string[] = [];
  for (let offset = 0; offset < N; offset += 700) seen.push(...ids((await postgres.search(ranked(700, offset))).hits));
  expect(seen).toHaveLength(N);
  expect(new Set(seen).size).toBe(N);
  expect(seen.slice(RANK_WINDOW)).toEqual(Array.from({ length: EXTRA }, (_, i) => `r${EXTRA - 1 - i}`));

  // The same window and the same older matches as SQLite; only the order inside the window may differ.
  const all = ids((await postgres.search(ranked(undefined, 0))).hits);
  const onSqlite = ids((await sqlite.search(ranked(undefined, 0))).hits);
  expect(new Set(all.slice(0, RANK_WINDOW))).toEqual(new Set(onSqlite.slice(0, RANK_WINDOW)));
  expect(all.slice(RANK_WINDOW)).toEqual(onSqlite.slice(RANK_WINDOW));
  const pastWindow = await postgres.search(ranked(10, RANK_WINDOW + 5));
  expect(ids(pastWindow.hits)).toEqual(onSqlite.slice(RANK_WINDOW + 5, RANK_WINDOW + 15));
});
