import type { RecordingFilter } from '../queries/filter.js';
import { type Page, RANK_WINDOW } from '../queries/ordered-select.js';
import { LISTING_COLUMNS, type ListingColumns } from '../queries/recording-columns.js';
import { MATCH_END, MATCH_START, PREVIEW_CHARS, type SearchHit, type SearchResult, shorten, toHit } from '../queries/search.js';
import { Params, filterSource, whereClause } from './filter-sql.js';
import { type Queryable, prepared } from './queryable.js';
import { type TextCondition, textCondition } from './tsquery.js';

/**
 * `search` on PostgreSQL: the same filter, page and result as searchRecordings on SQLite
 * (src/db/queries/search.ts), the same matches and total. Relevance is ts_rank instead of bm25 and
 * snippets come from ts_headline instead of snippet(), so the order among matches and the snippet
 * text may differ (docs/design.md, "Search on PostgreSQL").
 *
 * Each round trip costs about as much as a rare word's whole search, so the total, the page and
 * its rows with snippets come from one statement wherever the order allows.
 */
export async function searchRecordingsPostgres(db: Queryable, filter: RecordingFilter, page: Page): Promise<SearchResult> {
  await keepPlansFromSecondSearch(db);
  const text = filter.match ? await textCondition(db, filter.match) : null;
  // A query whose every phrase lost its words (`🍕`) matches nothing, as in FTS5.
  if (filter.match && text === null) return { total: 0, hits: [] };
  const search = new Search(db, filter, text, page);
  return text && page.sort === 'relevance' ? search.ranked() : search.ordered();
}

const searched = new WeakMap<Queryable, 'once' | 'keeps plans'>();

/**
 * A connection that searches again (`serve`, a pool) keeps each statement's plan from then on:
 * planning these statements costs about as much as running them for a rare word, and PostgreSQL
 * would otherwise plan every run afresh for its parameters (a custom plan). The statements' shape
 * (the materialised matches, the GIN index, the window's keys) does not depend on the values, so the
 * generic plan is the same plan. A connection's first search does not ask: a statement run once is
 * planned once either way, and the setting would cost a query `search` run once does not need.
 */
async function keepPlansFromSecondSearch(db: Queryable): Promise<void> {
  const state = searched.get(db);
  if (state === 'keeps plans') return;
  if (state === 'once') await db.query({ text: 'SET plan_cache_mode = force_generic_plan' });
  searched.set(db, state === 'once' ? 'keeps plans' : 'once');
}

/** A page row: the listing columns, its snippet, and the total when the statement counted. */
type PageRow = ListingColumns & { key: string; total?: string; bound?: string | null; snippet: string | null };

class Search {
  private readonly offset: number;

  constructor(
    private readonly db: Queryable,
    private readonly filter: RecordingFilter,
    private readonly text: TextCondition | null,
    private readonly page: Page,
  ) {
    this.offset = page.offset ?? 0;
  }

  /**
   * Newest or oldest first: the key follows start time. With a text query the matches are
   * collected once from the search table (the GIN index finds them in no order) for both the count
   * and the page; without one the page walks the primary key.
   */
  async ordered(): Promise<SearchResult> {
    const params = new Params();
    const source = filterSource(this.filter, this.text, params);
    const where = whereClause(source.conditions);
    const direction = this.page.sort === 'oldest' ? 'ASC' : 'DESC';
    const limit = `LIMIT ${params.add(this.page.limit ?? null)} OFFSET ${params.add(this.offset)}`;
    const sql = this.text
      ? `WITH matches AS MATERIALIZED (SELECT ${source.key} AS key FROM ${source.from} ${where})
         SELECT counted.total, page.* FROM (SELECT count(*) AS total FROM matches) counted
         LEFT JOIN LATERAL (${this.pageRows(`SELECT key FROM matches ORDER BY key ${direction} ${limit}`, `r.key ${direction}`, params)}) page ON true`
      : `SELECT counted.total, page.* FROM (SELECT count(*) AS total FROM ${source.from} ${where}) counted
         LEFT JOIN LATERAL (${this.pageRows(`SELECT ${source.key} AS key FROM ${source.from} ${where} ORDER BY ${source.key} ${direction} ${limit}`, `r.key ${direction}`, params)}) page ON true`;
    const rows = await this.query(sql, params);
    return { total: Number(rows[0]?.total ?? 0), hits: this.hits(rows) };
  }

  /**
   * Best first by ts_rank, then newest. As on SQLite (ordered-select.ts, RANK_WINDOW), only the
   * newest RANK_WINDOW matches are ranked and older ones follow, newest first: ranking reads each
   * ranked match's vector. One statement counts the matches, finds the window and ranks it; a page
   * reaching past the window takes a second one for the older matches.
   */
  async ranked(): Promise<SearchResult> {
    const params = new Params();
    const source = filterSource(this.filter, this.text, params);
    const wanted = this.page.limit ?? Infinity;
    const rankedLimit = Math.max(0, Math.min(wanted, RANK_WINDOW - this.offset));
    const pageOf = (ranks: string) =>
      `${ranks} ORDER BY score DESC, key DESC LIMIT ${params.add(rankedLimit)} OFFSET ${params.add(Math.min(this.offset, RANK_WINDOW))}`;
    // A phrase's matches have had their vectors read to be confirmed: rank them in that same pass.
    // Otherwise the index alone found them, and only the window's vectors are read, its rows
    // fetched again by their place in the table (a TID scan: no index to descend, and no plan that
    // walks every recording newer than the window's oldest match).
    const inScan = this.text!.positional;
    const matches = `SELECT s.key, ${inScan ? `${this.rank(params)} AS score` : 's.ctid AS place'} FROM ${source.from} ${whereClause(source.conditions)}`;
    const keys = inScan
      ? pageOf('SELECT key, score FROM newest')
      : pageOf(`SELECT s.key, ${this.rank(params)} AS score FROM recording_search s WHERE s.ctid = ANY(ARRAY(SELECT place FROM newest))`);
    const rows = await this.query(
      `WITH matches AS MATERIALIZED (${matches}),
       newest AS MATERIALIZED (SELECT * FROM matches ORDER BY key DESC LIMIT ${RANK_WINDOW})
       SELECT counted.total, counted.bound, page.* FROM (SELECT (SELECT count(*) FROM matches) AS total, (SELECT min(key) FROM newest) AS bound) counted
       LEFT JOIN LATERAL (${this.pageRows(keys, 'page.score DESC, r.key DESC', params)}) page ON true`,
      params,
    );
    const total = Number(rows[0]!.total);
    const hits = this.hits(rows);
    const rest = wanted - rankedLimit;
    if (total > RANK_WINDOW && rest > 0) hits.push(...(await this.olderThanWindow(rows[0]!.bound!, rest)));
    return { total, hits };
  }

  /** Matches older than the ranked window, newest first. */
  private async olderThanWindow(bound: string, limit: number): Promise<SearchHit[]> {
    const params = new Params();
    const source = filterSource(this.filter, this.text, params);
    const where = whereClause([...source.conditions, `${source.key} < ${params.add(bound)}::bigint`]);
    const keys = `SELECT ${source.key} AS key FROM ${source.from} ${where} ORDER BY ${source.key} DESC
      LIMIT ${params.add(limit === Infinity ? null : limit)} OFFSET ${params.add(Math.max(0, this.offset - RANK_WINDOW))}`;
    return this.hits(await this.query(this.pageRows(keys, 'r.key DESC', params), params));
  }

  /**
   * All columns weigh the same, as in bm25 without weights; normalisation 1 divides by
   * 1 + log(length), so a short call all about the word beats a long one that mentions it once.
   */
  private rank(params: Params): string {
    return `ts_rank('{1,1,1,1}', s.search_vector, ${params.add(this.text!.tsquery)}::tsquery, 1)`;
  }

  /** The listing columns and snippet of the page's rows (`keys` selects `key`, in `order`). */
  private pageRows(keys: string, order: string, params: Params, extra = ''): string {
    return `SELECT ${extra} r.key, ${LISTING_COLUMNS}, ${this.snippet(params)} AS snippet
      FROM (${keys}) page JOIN recordings r ON r.key = page.key ORDER BY ${order}`;
  }

  /**
   * ts_headline for the page's rows only, over the first column with a highlighted match
   * (transcript, summary, party names; recordings_snippet in search-table-sql.ts); otherwise, or
   * without a text query, the summary or the transcript's start. ts_headline parses all the text it
   * is given, so of a transcript it gets a stretch around the first word that looks like a match,
   * or — when no word does — the whole of it up to SNIPPET_MAX_CHARS (longer ones show their
   * preview, as on SQLite).
   */
  private snippet(params: Params): string {
    const preview = `coalesce(r.summary, substr(r.transcript, 1, ${PREVIEW_CHARS + 1}))`;
    if (!this.text) return preview;
    return `recordings_snippet(r.transcript, r.summary, coalesce(r.from_name, '') || ' ' || coalesce(r.to_name, ''),
      ${params.add(this.text.headline)}::tsquery, ${params.add(HEADLINE_OPTIONS)}, ${params.add(this.text.probe)})`;
  }

  /**
   * A date range is planned for its values each time (an unnamed statement): a range of a day
   * makes the primary key worth intersecting with the GIN index's matches, a range of a year does
   * not, and a plan kept for any range (force_generic_plan, keepPlansFromSecondSearch) always
   * intersects, reading the key index across the whole range. Other statements keep their plan.
   */
  private async query(sql: string, params: Params): Promise<PageRow[]> {
    const ranged = (this.filter.fromMs ?? null) !== null || (this.filter.toMs ?? null) !== null;
    if (ranged) return (await this.db.query<PageRow>({ text: sql, values: params.values })).rows;
    return prepared<PageRow>(this.db, sql, params.values);
  }

  private hits(rows: PageRow[]): SearchHit[] {
    return rows
      .filter((row) => row.key !== null)
      .map((row) => toHit({ ...row, key: Number(row.key) }, row.snippet?.includes(MATCH_START) ? row.snippet : shorten(row.snippet)));
  }
}

const HEADLINE_OPTIONS = `StartSel="${MATCH_START}", StopSel="${MATCH_END}", MaxWords=16, MinWords=6, ShortWord=0`;
