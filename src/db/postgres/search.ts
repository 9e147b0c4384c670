import type { RecordingFilter } from '../queries/filter.js';
import { type Page, RANK_WINDOW } from '../queries/ordered-select.js';
import { LISTING_COLUMNS, type ListingColumns } from '../queries/recording-columns.js';
import { MATCH_END, MATCH_START, PREVIEW_CHARS, SNIPPET_MAX_CHARS, type SearchHit, type SearchResult, shorten, toHit } from '../queries/search.js';
import { Params, filterConditions, whereClause } from './filter-sql.js';
import { type Queryable, prepared } from './queryable.js';
import { TEXT_SEARCH_CONFIG } from './text-search-sql.js';
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
  const text = filter.match ? await textCondition(db, filter.match) : null;
  // A query whose every phrase lost its words (`🍕`) matches nothing, as in FTS5.
  if (filter.match && text === null) return { total: 0, hits: [] };
  const search = new Search(db, filter, text, page);
  return text && page.sort === 'relevance' ? search.ranked() : search.ordered();
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
   * collected once (the GIN index finds them in no order) for both the count and the page; without
   * one the page walks the primary key.
   */
  async ordered(): Promise<SearchResult> {
    const params = new Params();
    const where = whereClause(filterConditions(this.filter, this.text, params));
    const direction = this.page.sort === 'oldest' ? 'ASC' : 'DESC';
    const limit = `LIMIT ${params.add(this.page.limit ?? null)} OFFSET ${params.add(this.offset)}`;
    const sql = this.text
      ? `WITH matches AS MATERIALIZED (SELECT r.key FROM recordings r ${where})
         SELECT counted.total, page.* FROM (SELECT count(*) AS total FROM matches) counted
         LEFT JOIN LATERAL (${this.pageRows(`SELECT key FROM matches ORDER BY key ${direction} ${limit}`, `r.key ${direction}`, params)}) page ON true`
      : `SELECT counted.total, page.* FROM (SELECT count(*) AS total FROM recordings r ${where}) counted
         LEFT JOIN LATERAL (${this.pageRows(`SELECT r.key FROM recordings r ${where} ORDER BY r.key ${direction} ${limit}`, `r.key ${direction}`, params)}) page ON true`;
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
    const where = whereClause(filterConditions(this.filter, this.text, params));
    const wanted = this.page.limit ?? Infinity;
    const rankedLimit = Math.max(0, Math.min(wanted, RANK_WINDOW - this.offset));
    // The window's rows by primary key (= ANY of their keys): the planner could otherwise pick a
    // walk over every recording newer than the window's oldest match.
    const keys = `SELECT r.key, ${this.rank(params)} AS score FROM recordings r
      WHERE r.key = ANY((SELECT array_agg(key) FROM newest)::bigint[])
      ORDER BY score DESC, r.key DESC LIMIT ${params.add(rankedLimit)} OFFSET ${params.add(Math.min(this.offset, RANK_WINDOW))}`;
    const rows = await this.query(
      `WITH matches AS MATERIALIZED (SELECT r.key FROM recordings r ${where}),
       newest AS MATERIALIZED (SELECT key FROM matches ORDER BY key DESC LIMIT ${RANK_WINDOW})
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
    const where = whereClause([...filterConditions(this.filter, this.text, params), `r.key < ${params.add(bound)}::bigint`]);
    const keys = `SELECT r.key FROM recordings r ${where} ORDER BY r.key DESC
      LIMIT ${params.add(limit === Infinity ? null : limit)} OFFSET ${params.add(Math.max(0, this.offset - RANK_WINDOW))}`;
    return this.hits(await this.query(this.pageRows(keys, 'r.key DESC', params), params));
  }

  /**
   * All columns weigh the same, as in bm25 without weights; normalisation 1 divides by
   * 1 + log(length), so a short call all about the word beats a long one that mentions it once.
   */
  private rank(params: Params): string {
    return `ts_rank('{1,1,1,1}', r.search_vector, ${params.add(this.text!.tsquery)}::tsquery, 1)`;
  }

  /** The listing columns and snippet of the page's rows (`keys` selects `key`, in `order`). */
  private pageRows(keys: string, order: string, params: Params, extra = ''): string {
    return `SELECT ${extra} r.key, ${LISTING_COLUMNS}, ${this.snippet(params)} AS snippet
      FROM (${keys}) page JOIN recordings r ON r.key = page.key ORDER BY ${order}`;
  }

  /**
   * ts_headline for the page's rows only, over the first column with a highlighted match
   * (transcript, summary, party names); otherwise, or without a text query, the summary or the
   * transcript's start. ts_headline parses all the text it is given, so of a transcript it gets a
   * stretch around the first word that looks like a match, or — when no word does — the whole of
   * it up to SNIPPET_MAX_CHARS (longer ones show their preview, as on SQLite).
   */
  private snippet(params: Params): string {
    const preview = `coalesce(r.summary, substr(r.transcript, 1, ${PREVIEW_CHARS + 1}))`;
    if (!this.text) return preview;
    const query = `${params.add(this.text.headline)}::tsquery`;
    const options = params.add(HEADLINE_OPTIONS);
    const headline = (column: string) => `ts_headline('${TEXT_SEARCH_CONFIG}', ${column}, ${query}, ${options})`;
    const probe = this.text.probe ? params.add(this.text.probe) : null;
    // Where the probe first matches, 0 for nowhere: the text before it is what is left when the
    // match and all after it go (regexp_instr would say it directly, but only from PostgreSQL 15).
    const at = probe
      ? `(SELECT CASE WHEN octet_length(b.before) < octet_length(r.transcript) THEN length(b.before) + 1 ELSE 0 END
          FROM (SELECT regexp_replace(r.transcript, ${probe} || '.*', '', 'i') AS before) b)`
      : '0';
    const transcript = `(SELECT CASE WHEN at > 0 THEN ${headline(`substr(r.transcript, greatest(1, at - ${SNIPPET_CONTEXT}), ${2 * SNIPPET_CONTEXT})`)}
        WHEN octet_length(r.transcript) <= ${SNIPPET_MAX_CHARS} THEN ${headline('r.transcript')} END FROM (SELECT ${at} AS at) probe)`;
    // Each next column's headline only when the one before has no match (a subquery is evaluated when reached).
    const firstHighlighted = (snippet: string, otherwise: string) =>
      `(SELECT CASE WHEN strpos(h.snippet, '${MATCH_START}') > 0 THEN h.snippet ELSE ${otherwise} END FROM (SELECT ${snippet} AS snippet) h)`;
    return firstHighlighted(
      transcript,
      firstHighlighted(headline('r.summary'), firstHighlighted(headline("coalesce(r.from_name, '') || ' ' || coalesce(r.to_name, '')"), preview)),
    );
  }

  private async query(sql: string, params: Params): Promise<PageRow[]> {
    return prepared<PageRow>(this.db, sql, params.values);
  }

  private hits(rows: PageRow[]): SearchHit[] {
    return rows
      .filter((row) => row.key !== null)
      .map((row) => toHit({ ...row, key: Number(row.key) }, row.snippet?.includes(MATCH_START) ? row.snippet : shorten(row.snippet)));
  }
}

/** Characters of transcript on either side of the probed match that ts_headline gets to read. */
const SNIPPET_CONTEXT = 80;
const HEADLINE_OPTIONS = `StartSel="${MATCH_START}", StopSel="${MATCH_END}", MaxWords=16, MinWords=6, ShortWord=0`;
