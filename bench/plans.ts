/** EXPLAIN QUERY PLAN of the hot queries, as the product builds them (printed by `--plans`). */
import type { Database } from 'better-sqlite3';
import { filterSql, whereText } from '../src/db/queries/filter.js';
import { RANK_WINDOW, orderedSelects } from '../src/db/queries/ordered-select.js';
import { LISTING_COLUMNS } from '../src/db/queries/recording-columns.js';

export function hotQueryPlans(db: Database, match: string, phoneDigits: string): string {
  const plan = (sql: string, params: Record<string, unknown> | unknown[]) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => `    ${r.detail}`).join('\n');
  const sections: string[] = [];
  const show = (title: string, sql: string, params: Record<string, unknown> | unknown[]) => {
    sections.push(`${title}\n  ${sql.replace(/\s+/g, ' ')}\n${plan(sql, params)}`);
  };
  const text = filterSql({ match }, false);
  show('search: total', `SELECT count(*) FROM ${text.from} ${whereText(text.where)}`, text.params);
  // A total above RANK_WINDOW: the ranked window, then the older matches newest first.
  for (const [i, s] of orderedSelects(db, { match }, { limit: 50, offset: 0, sort: 'relevance' }, LISTING_COLUMNS, RANK_WINDOW + 1).entries()) {
    show(`search: ranked page, statement ${i + 1}`, s.sql, s.params);
  }
  for (const s of orderedSelects(db, { match, direction: 'Inbound' }, { limit: 50, offset: 0, sort: 'newest' }, LISTING_COLUMNS, 0)) {
    show('search: newest first + --direction', s.sql, s.params);
  }
  show(
    'search: snippet of one hit',
    "SELECT snippet(recordings_fts, -1, '[', ']', '…', 16) FROM recordings_fts WHERE recordings_fts MATCH ? AND rowid = CAST(? AS INTEGER)",
    [match, 1],
  );
  for (const s of orderedSelects(db, { phoneDigits }, { limit: 50, offset: 0, sort: 'newest' }, LISTING_COLUMNS, 0)) {
    show('search --phone', s.sql, s.params);
  }
  show(
    'stats: totals',
    "SELECT count(*), total(duration_seconds), count(*) FILTER (WHERE direction = 'Inbound') FROM recordings INDEXED BY recordings_stats_idx WHERE key >= ? AND key < ?",
    [0, 2 ** 53],
  );
  show(
    'stats: top topics',
    "SELECT value, count(*) AS n FROM insights INDEXED BY insights_kind_value_idx WHERE kind = 'topic' AND recording_key >= ? AND recording_key < ? GROUP BY value ORDER BY n DESC, value LIMIT 10",
    [0, 2 ** 53],
  );
  show('stats: calls per day', 'SELECT count(*) FROM recordings WHERE start_time >= ? AND start_time < ?', ['2026-01-01', '2026-01-02']);
  return sections.join('\n\n');
}
