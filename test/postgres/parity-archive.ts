import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import pg from 'pg';
import { writeAccount } from '../../bench/dataset.js';
import { copyArchive } from '../../src/db/copy/copy-archive.js';
import { openDb } from '../../src/db/open.js';
import { openStore } from '../../src/db/open-store.js';
import { filterSql, type RecordingFilter, whereText } from '../../src/db/queries/filter.js';
import { ftsExpression } from '../../src/db/queries/fts-query.js';
import { ftsExpressionForPostgres } from '../../src/db/postgres/fts-expression.js';
import { Params, filterSource, whereClause } from '../../src/db/postgres/filter-sql.js';
import { textCondition } from '../../src/db/postgres/tsquery.js';
import { SqliteStore } from '../../src/db/sqlite/store.js';
import type { ArchiveStore, RecordingQuery } from '../../src/db/store.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { type SeedRecording, seedRecordings } from '../helpers/seed.js';
import { DATA_SET } from '../query/data-set.js';

/**
 * Recordings whose text exercises every tokenisation rule: hyphens, apostrophes, digits, diacritics
 * and other scripts, words SQLite's porter and PostgreSQL's stemmer would treat differently, a
 * phrase that would span two columns, long words.
 */
export const EDGE_SEEDS: SeedRecording[] = [
  {
    id: 'edge-punctuation',
    startTime: '2026-10-05T09:00:00.000Z',
    from: { phoneNumber: '+15035550142', name: "Siobhán O'Brien-Kelly" },
    lines: [
      "Caller: The e-mail said call 555-0100 by 5pm; it's $50.00, not 50,00 — O'Brien's wife, don’t worry",
      'Host: walk-in_only, see www.example.com/menu?x=1 or mail@example.com; 10:30am; 3.5 stars; v2.1.0',
      'Caller: Cost is 1,000.50 USD (approx.) & the ref is A-12/b #7',
    ],
    insights: { summary: 'E-mail about a walk-in and a $50.00 deposit' },
  },
  {
    id: 'edge-stems',
    startTime: '2026-10-05T10:00:00.000Z',
    from: { phoneNumber: '+15035550143', name: 'Ay Us' },
    lines: [
      'Caller: Is this as us? It uses what we used, using it possibly as possible.',
      'Host: An apology, we apologize; trekking and revving, trek, rev; eed eeds ies sses',
      'Caller: 1e5abc 1E5 2nd 10am 3x 0x1F 12e34x skiing wobbly terminology irreversibly',
    ],
    insights: { summary: 'Possibly an apology' },
  },
  {
    id: 'edge-unicode',
    startTime: '2026-10-05T11:00:00.000Z',
    from: { phoneNumber: '+15035550144', name: 'Zoë Müller' },
    to: { phoneNumber: '+15035550145', name: 'Łukasz Żółć' },
    lines: [
      'Caller: café naïve façade résumé Ærø Straße İstanbul ﬁle ＡＢＣ 🍕',
      'Host: λόγος Ελλάδα ΌΛΟΣ Москва ёлка 予約 東京 한국어 مرحبا ١٢٣ שלום Nguyễn',
      'Caller: e\u0301cole co\u0308operate',
    ],
    insights: { summary: 'Réservation für Zoë in Köln' },
  },
  {
    id: 'edge-columns',
    startTime: '2026-10-05T12:00:00.000Z',
    from: { phoneNumber: '+15035550146', name: 'Sister Act' },
    lines: ['Caller: we will come back later'],
    insights: { summary: 'The guest asked for my' },
  },
  {
    id: 'edge-long',
    startTime: '2026-10-05T13:00:00.000Z',
    lines: [
      `Caller: ${'x'.repeat(63)}s ${'y'.repeat(64)}s ${'z'.repeat(70)}ing ${'w'.repeat(2100)} short`,
      'Host: refund refund refund refund refund my sister my sister my sister',
    ],
  },
  // Ranking and snippets, as test/query/search.test.ts has them.
  { id: 'old-strong', startTime: '2026-10-01T10:00:00.000Z', lines: ['Caller: refund please, I need a refund, the refund is overdue'] },
  { id: 'birthday', startTime: '2026-10-02T10:00:00.000Z', lines: ['Caller: the refund for the birthday dinner'] },
  { id: 'catering', startTime: '2026-10-03T10:00:00.000Z', lines: ['Caller: a refund of the catering deposit'] },
  // As test/reliability/scenarios/fuzz.ts seeds its sandbox.
  ...Array.from({ length: 30 }, (_, i): SeedRecording => ({
    id: String(2_700_000_000 + i),
    startTime: new Date(Date.parse('2026-09-01T08:00:00Z') + i * 3_600_000 * 13).toISOString(),
    direction: i % 2 ? 'Outbound' : 'Inbound',
    from: { phoneNumber: `+1415555${String(100 + i).padStart(4, '0')}`, name: `Caller ${i} Renée` },
    lines: i % 3 ? ['Host: Harbor Grill, how can I help?', `Guest: a reservation for ${i} people, catering maybe`] : undefined,
    insights: i % 3 ? { summary: `Reservation number ${i}`, sentiment: 'Positive', topics: ['reservation'] } : undefined,
  })),
];

/**
 * The same archive on both backends: written through the project's write path into a SQLite file
 * (the query tests' data set, the edge cases above, `simulatorRecordings` of the simulator's
 * generated calls with their transcripts and insights), then copied into a PostgreSQL database of
 * its own by `copy` (src/db/copy/copy-archive.ts).
 */
export interface ParityArchives {
  sqlite: Database;
  sqliteStore: ArchiveStore;
  postgresStore: ArchiveStore;
  /** A connection of its own to the PostgreSQL archive, for statements of the tests' own. */
  pg: pg.Client;
  close(): Promise<void>;
}

export async function parityArchives(simulatorRecordings: number): Promise<ParityArchives> {
  // A folder of its own for the file, kept until close(): useTempDirs() empties after each test.
  const dir = mkdtempSync(join(tmpdir(), 'rec-parity-'));
  const file = join(dir, 'recordings.db');
  const sqlite = await openDb(file);
  seedRecordings(sqlite, [...DATA_SET, ...EDGE_SEEDS]);
  if (simulatorRecordings > 0) writeAccount(sqlite, simulatorRecordings);
  const sqliteStore = new SqliteStore(sqlite, file);
  const url = await freshPostgresDatabase();
  const postgresStore = await openStore(url, { create: true });
  await copyArchive(sqliteStore, postgresStore, { now: () => new Date() });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('ANALYZE');
  return {
    sqlite,
    sqliteStore,
    postgresStore,
    pg: client,
    close: async () => {
      await client.end();
      await postgresStore.close();
      await sqliteStore.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The keys SQLite finds for `text` and a filter (FTS5 and the filters of filter.ts), ascending. */
export function sqliteKeys(archives: ParityArchives, text: string | null, filter: Omit<RecordingFilter, 'match'> = {}): number[] {
  let full: RecordingFilter = filter;
  if (text !== null) {
    const match = ftsExpression(archives.sqlite, text);
    if (match === null) return [];
    full = { ...filter, match };
  }
  const q = filterSql(full, false);
  return (archives.sqlite.prepare(`SELECT ${q.key} FROM ${q.from} ${whereText(q.where)} ORDER BY 1`).pluck().all(q.params) as number[]).map(Number);
}

/** The keys PostgreSQL finds for the same, ascending: the expression as its store makes it, translated (tsquery.ts). */
export async function postgresKeys(archives: ParityArchives, text: string | null, filter: Omit<RecordingFilter, 'match'> = {}): Promise<number[]> {
  const match = text === null ? null : ftsExpressionForPostgres(text);
  if (text !== null && match === null) return [];
  const condition = match === null ? null : await textCondition(archives.pg, match);
  if (match !== null && condition === null) return [];
  const params = new Params();
  const source = filterSource({ ...filter, match: match ?? undefined }, condition, params);
  const { rows } = await archives.pg.query<{ key: string }>(`SELECT ${source.key} FROM ${source.from} ${whereClause(source.conditions)} ORDER BY 1`, params.values);
  return rows.map((row) => Number(row.key));
}

/** A search on both stores, as `search` runs it. */
export async function searchBoth(archives: ParityArchives, query: RecordingQuery) {
  return { sqlite: await archives.sqliteStore.search(query), postgres: await archives.postgresStore.search(query) };
}
