import type { Database } from 'better-sqlite3';
import { type RecordingFilter, filterSql, whereText } from './filter.js';

export type SortOrder = 'relevance' | 'newest' | 'oldest';

export interface Page {
  /** Rows to return; undefined = all. */
  limit?: number | undefined;
  offset?: number | undefined;
  sort: SortOrder;
}

export interface Statement {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * bm25 ranking costs ~2 µs per matching document and LIMIT does not cap it: a word in 10 % of a
 * million calls takes ~185 ms to rank (docs/design.md, "Performance notes"). Past this many matches only
 * the newest RANK_WINDOW matches are ranked; the older ones follow them, newest first. The trade-off:
 * for a very common word an old call that would score best is not lifted above newer ones — for a
 * word that common, recent calls are what people look for, and the answer stays within ~35 ms.
 */
export const RANK_WINDOW = 5000;

/** How many recordings match: the `total` of a search. */
export function countMatches(db: Database, filter: RecordingFilter): number {
  const q = filterSql(filter, false);
  return db.prepare(`SELECT count(*) FROM ${q.from} ${whereText(q.where)}`).pluck().get(q.params) as number;
}

/**
 * The statements that, run in order, return the page of matches in the requested order, selecting
 * `columns` (which may use `r.` columns of recordings and `key`). Newest/oldest follow the key, which
 * follows start time, so they need no sort. `total` is countMatches() of the same filter.
 */
export function orderedSelects(db: Database, filter: RecordingFilter, page: Page, columns: string, total: number): Statement[] {
  const needRecording = /\br\./.test(columns);
  const q = filterSql(filter, needRecording);
  const select = (where: string[], order: string, limit: number, offset: number, extra: Record<string, unknown> = {}): Statement => ({
    sql: `SELECT ${q.key} AS key, ${columns} FROM ${q.from} ${whereText(where)} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    params: { ...q.params, ...extra, limit, offset },
  });
  const limit = page.limit ?? -1;
  const offset = page.offset ?? 0;
  if (page.sort !== 'relevance' || !filter.match) {
    return [select(q.where, `${q.key} ${page.sort === 'oldest' ? 'ASC' : 'DESC'}`, limit, offset)];
  }
  // bm25() rather than `rank`: ORDER BY rank ignores the rowid bound below.
  const ranked = `bm25(recordings_fts), ${q.key} DESC`;
  const rankedSelect = (where: string[], rankLimit: number, rankOffset: number, extra: Record<string, unknown> = {}): Statement => {
    if (!needRecording) return select(where, ranked, rankLimit, rankOffset, extra);
    // Rank on the index alone and read the recordings rows of the page only: joining first reads
    // the (wide) row of every match before the sort, ~10× the ranking itself (BENCHMARKS.md).
    const inner = filterSql(filter, false);
    return {
      sql:
        `SELECT ranked.k AS key, ${columns} FROM (SELECT ${inner.key} AS k, bm25(recordings_fts) AS score FROM ${inner.from} ` +
        `${whereText(where)} ORDER BY score, k DESC LIMIT @limit OFFSET @offset) AS ranked ` +
        'JOIN recordings r ON r.key = ranked.k ORDER BY ranked.score, ranked.k DESC',
      params: { ...inner.params, ...extra, limit: rankLimit, offset: rankOffset },
    };
  };
  if (total <= RANK_WINDOW) return [rankedSelect(q.where, limit, offset)];

  const bound = db
    .prepare(`SELECT ${q.key} FROM ${q.from} ${whereText(q.where)} ORDER BY ${q.key} DESC LIMIT 1 OFFSET @n`)
    .pluck()
    .get({ ...q.params, n: RANK_WINDOW - 1 }) as number;
  const statements: Statement[] = [];
  const wanted = limit < 0 ? Infinity : limit;
  if (offset < RANK_WINDOW) {
    const fromWindow = Math.min(wanted, RANK_WINDOW - offset);
    statements.push(rankedSelect([...q.where, `${q.key} >= CAST(@bound AS INTEGER)`], fromWindow, offset, { bound }));
  }
  const rest = wanted - Math.max(0, RANK_WINDOW - offset);
  if (rest > 0) {
    const olderLimit = rest === Infinity ? -1 : rest;
    statements.push(select([...q.where, `${q.key} < CAST(@bound AS INTEGER)`], `${q.key} DESC`, olderLimit, Math.max(0, offset - RANK_WINDOW), { bound }));
  }
  return statements;
}
