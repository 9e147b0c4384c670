import type { Database } from 'better-sqlite3';
import { expect, test } from 'vitest';
import { openDb } from '../../src/db/open.js';
import { RANK_WINDOW, countMatches, searchRecordings } from '../../src/db/queries/index.js';
import { callRow, SEED_NOW } from '../helpers/seed.js';
import { writeCallRecordings } from '../../src/db/sqlite/write-recordings.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const EXTRA = 120;

/** RANK_WINDOW + EXTRA recordings that mention "parking"; the oldest and one recent one mention it most. */
async function commonWordArchive(): Promise<Database> {
  const db = await openDb(`${tempDir()}/recordings.db`);
  const n = RANK_WINDOW + EXTRA;
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  const rows = Array.from({ length: n }, (_, i) => callRow({ id: `r${i}`, startTime: new Date(start + i * 60_000).toISOString() }));
  writeCallRecordings(db, rows, SEED_NOW);
  db.prepare("UPDATE recordings SET transcript = 'is there parking near the restaurant tonight or should we take a cab instead'").run();
  db.prepare("UPDATE recordings SET transcript = 'parking parking parking' WHERE id IN ('r0', ?)").run(`r${n - 10}`);
  return db;
}

test('past RANK_WINDOW matches only the newest are ranked; older ones follow, newest first; paging covers every match once (SQLite only: PostgreSQL in test/postgres/search-paging.test.ts)', async () => {
  const db = await commonWordArchive();
  const filter = { match: 'parking' };
  expect(countMatches(db, filter)).toBe(RANK_WINDOW + EXTRA);

  const first = searchRecordings(db, filter, { sort: 'relevance', limit: 5, offset: 0 });
  expect(first.total).toBe(RANK_WINDOW + EXTRA);
  // The recent strong match ranks first; the oldest strong match is outside the ranked window.
  expect(first.hits[0]!.id).toBe(`r${RANK_WINDOW + EXTRA - 10}`);
  expect(first.hits.map((h) => h.id)).not.toContain('r0');

  const seen: string[] = [];
  for (let offset = 0; offset < RANK_WINDOW + EXTRA; offset += 700) {
    seen.push(...searchRecordings(db, filter, { sort: 'relevance', limit: 700, offset }).hits.map((h) => h.id));
  }
  expect(seen).toHaveLength(RANK_WINDOW + EXTRA);
  expect(new Set(seen).size).toBe(RANK_WINDOW + EXTRA);
  // After the ranked window come the older matches, newest first: r(EXTRA-1) … r0.
  expect(seen.slice(RANK_WINDOW)).toEqual(Array.from({ length: EXTRA }, (_, i) => `r${EXTRA - 1 - i}`));
  db.close();
});
