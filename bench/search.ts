/**
 * Search, in process, on one data set: the product's searchRecordings (top 50 with total and
 * snippets) per term, ranked and newest first, alone and with filters, beside (a) the raw FTS5 bm25
 * query on the same file — the floor — and (b) a LIKE '%word%' scan.
 */
import type { Database } from 'better-sqlite3';
import { searchRecordings } from '../src/db/queries/search.js';
import type { RecordingFilter } from '../src/db/queries/filter.js';
import type { SortOrder } from '../src/db/queries/ordered-select.js';
import { type Timing, measure } from './timing.js';

export interface SearchTerm {
  name: string;
  /** The FTS5 expression (what `--text` becomes). */
  match: string;
  /** The word or phrase for LIKE. */
  like: string;
}

/**
 * medium ≈ 0.4 %, phrase ≈ 0.9 %, common ≈ 10 % of the generated calls at every size (measured on
 * the data; the table shows each term's real count). The rare term is picked per data set.
 */
export const FIXED_TERMS: SearchTerm[] = [
  { name: 'medium', match: 'airport', like: 'airport' },
  { name: 'phrase', match: '"my sister"', like: 'my sister' },
  { name: 'common', match: 'cancel', like: 'cancel' },
];

/**
 * The rare term: a token (in practice a reference number read out in a call) whose document count
 * is nearest 20 per million recordings, at least 1.
 */
export function rareTerm(db: Database, recordings: number): SearchTerm {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab USING fts5vocab(main, 'recordings_fts', 'row')");
  const target = Math.max(1, Math.round((20 * recordings) / 1_000_000));
  const term = db
    .prepare("SELECT term FROM temp.bench_vocab WHERE term GLOB '[0-9a-z]*' ORDER BY abs(doc - ?), term LIMIT 1")
    .pluck()
    .get(target) as string;
  return { name: 'rare', match: `"${term}"`, like: term };
}

export interface SearchCase {
  term: string;
  matches: number;
  variant: string;
  product: Timing;
  /** The raw FTS5 query's own p50 (bm25 top 50, or rowid order for newest first). */
  floor: Timing;
  like: Timing | null;
}

export interface SearchOptions {
  runs: number;
  likeRuns: number;
  /** Start time of the newest call in the data (the filtered variant keeps its last 90 days). */
  newestMs: number;
}

export function benchSearch(db: Database, terms: SearchTerm[], options: SearchOptions): SearchCase[] {
  const cases: SearchCase[] = [];
  const ranked = db.prepare(
    'SELECT rowid, bm25(recordings_fts) AS score FROM recordings_fts WHERE recordings_fts MATCH ? ORDER BY bm25(recordings_fts) LIMIT 50',
  );
  const newest = db.prepare('SELECT rowid FROM recordings_fts WHERE recordings_fts MATCH ? ORDER BY rowid DESC LIMIT 50');
  const likeCount = db.prepare('SELECT count(*) FROM recordings WHERE transcript LIKE @p OR summary LIKE @p').pluck();
  const filters: { variant: string; filter: Partial<RecordingFilter> }[] = [
    { variant: '', filter: {} },
    { variant: '+ inbound, last 90 days', filter: { direction: 'Inbound', fromMs: options.newestMs - 90 * 86_400_000 } },
  ];
  for (const term of terms) {
    const matches = db.prepare('SELECT count(*) FROM recordings_fts WHERE recordings_fts MATCH ?').pluck().get(term.match) as number;
    const like = options.likeRuns > 0 ? measure(() => likeCount.get({ p: `%${term.like}%` }), options.likeRuns, 10_000, 1) : null;
    for (const sort of ['relevance', 'newest'] as SortOrder[]) {
      const floorStatement = sort === 'relevance' ? ranked : newest;
      const floor = measure(() => floorStatement.all(term.match), options.runs, 20_000);
      for (const { variant, filter } of filters) {
        const full: RecordingFilter = { match: term.match, ...filter };
        const product = measure(() => searchRecordings(db, full, { limit: 50, offset: 0, sort }), options.runs, 20_000);
        cases.push({ term: term.name, matches, variant: [sort === 'relevance' ? 'ranked' : 'newest', variant].filter(Boolean).join(' '), product, floor, like });
      }
    }
  }
  return cases;
}

/** Phone suffix search: the last 4 digits of a number in the data, against LIKE '%1234'. */
export function benchPhone(db: Database, options: SearchOptions): { digits: string; matches: number; product: Timing; like: Timing | null } {
  const digits = phoneProbeDigits(db);
  const filter: RecordingFilter = { phoneDigits: digits };
  const first = searchRecordings(db, filter, { limit: 50, offset: 0, sort: 'newest' });
  const product = measure(() => searchRecordings(db, filter, { limit: 50, offset: 0, sort: 'newest' }), options.runs, 20_000);
  const likeQuery = db.prepare('SELECT count(*) FROM recordings WHERE from_number LIKE @p OR to_number LIKE @p').pluck();
  const like = options.likeRuns > 0 ? measure(() => likeQuery.get({ p: `%${digits}` }), options.likeRuns, 10_000, 1) : null;
  return { digits, matches: first.total, product, like };
}

/** The phone suffix searched for: the last 4 digits of an inbound caller's number in the data. */
export function phoneProbeDigits(db: Database): string {
  const number = db.prepare("SELECT from_number FROM recordings WHERE direction = 'Inbound' AND from_number IS NOT NULL ORDER BY key LIMIT 1 OFFSET 7").pluck().get() as string;
  return number.replace(/\D/g, '').slice(-4);
}
