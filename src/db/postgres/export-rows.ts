import { EXPORT_COLUMNS, type ExportRow } from '../queries/export-rows.js';
import type { RecordingFilter } from '../queries/filter.js';
import type { Page } from '../queries/ordered-select.js';
import { Params, filterSource, whereClause } from './filter-sql.js';
import type { PgSession } from './session.js';
import { textCondition } from './tsquery.js';

/** Rows fetched from the cursor at a time: what memory holds, however many rows match. */
const ROWS_PER_FETCH = 500;

const SELECT_COLUMNS = EXPORT_COLUMNS.map((name) => `r.${name}`).join(', ');

/**
 * `export` on PostgreSQL: every matching row through a cursor, ROWS_PER_FETCH at a time, so memory
 * stays flat however many rows there are (docs/cli.md, "`recordings export`"). The same matches as
 * on SQLite (the filter conditions search uses, filter-sql.ts); by relevance the rows are ranked
 * with ts_rank, so their order among equally good matches may differ. The connection is the
 * export's until the loop ends, however it ends.
 */
export async function* exportRows(session: PgSession, filter: RecordingFilter, page: Page): AsyncGenerator<ExportRow> {
  const release = await session.acquire();
  const { client } = session;
  let open = false;
  try {
    const text = filter.match ? await textCondition(client, filter.match) : null;
    if (filter.match && text === null) return;
    const params = new Params();
    const source = filterSource(filter, text, params, true);
    const order =
      page.sort === 'relevance' && text
        ? `ts_rank('{1,1,1,1}', s.search_vector, ${params.add(text.tsquery)}::tsquery, 1) DESC, r.key DESC`
        : `r.key ${page.sort === 'oldest' ? 'ASC' : 'DESC'}`;
    const sql = `SELECT ${SELECT_COLUMNS} FROM ${source.from} ${whereClause(source.conditions)} ORDER BY ${order} LIMIT ${params.add(page.limit ?? null)} OFFSET ${params.add(page.offset ?? 0)}`;
    await client.query('BEGIN READ ONLY');
    open = true;
    await client.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${sql}`, params.values);
    for (;;) {
      const batch = await client.query<ExportRow>(`FETCH ${ROWS_PER_FETCH} FROM export_rows`);
      for (const row of batch.rows) yield row;
      if (batch.rows.length < ROWS_PER_FETCH) break;
    }
    await client.query('COMMIT');
    open = false;
  } catch (error) {
    throw session.failure(error);
  } finally {
    // A loop that ended early (a reader that went away) leaves the transaction open: end it.
    if (open) await client.query('ROLLBACK').catch(() => {});
    release();
  }
}
