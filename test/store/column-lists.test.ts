import { getTableColumns, type Table } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER } from '../../src/cli/commands/search.js';
import { SYNC_RUN_COLUMNS as POSTGRES_SYNC_RUN_COLUMNS } from '../../src/db/postgres/facts.js';
import * as postgres from '../../src/db/postgres/schema.js';
import { EXPORT_COLUMNS } from '../../src/db/queries/export-rows.js';
import { DETAIL_COLUMN_NAMES } from '../../src/db/queries/get.js';
import { LISTING_COLUMN_NAMES } from '../../src/db/queries/recording-columns.js';
import * as sqlite from '../../src/db/sqlite/schema.js';
import { SYNC_RUN_COLUMNS } from '../../src/db/status-queries.js';
import { CALL_LOG_COLUMNS } from '../../src/db/write-recordings.js';

/**
 * The query commands read with hand-written SQL (drizzle costs start-up time,
 * docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team"); their column lists are typed from the schema, and checked here against both
 * dialects' schemas at run time: a renamed or dropped column fails this test, not a user's search.
 */
const columnsOf = (table: Table) => Object.values(getTableColumns(table)).map((column) => column.name);
/** The column names a select list reads (`a, b AS c, r.d`). */
const selected = (list: string) => list.split(',').map((item) => item.trim().split(/\s+/)[0]!.replace(/^r\./, ''));

describe('hand-written column lists', () => {
  it('name only columns of recordings, in both schemas', () => {
    const lists: Record<string, readonly string[]> = {
      'export columns (src/db/queries/export-rows.ts)': EXPORT_COLUMNS,
      'listing columns (src/db/queries/recording-columns.ts)': LISTING_COLUMN_NAMES,
      'detail columns (src/db/queries/get.ts)': DETAIL_COLUMN_NAMES,
      'call-log columns (src/db/write-recordings.ts)': CALL_LOG_COLUMNS,
      'search CSV header (src/cli/commands/search.ts)': CSV_HEADER.filter((name) => !['has_transcript', 'snippet'].includes(name)),
    };
    for (const schema of [sqlite, postgres]) {
      const known = columnsOf(schema.recordings);
      for (const [name, list] of Object.entries(lists)) expect(list.filter((column) => !known.includes(column)), name).toEqual([]);
    }
  });

  it('name only columns of sync_runs, in both schemas', () => {
    for (const [list, schema] of [
      [SYNC_RUN_COLUMNS, sqlite],
      [POSTGRES_SYNC_RUN_COLUMNS, postgres],
    ] as const) {
      const known = columnsOf(schema.syncRuns);
      expect(selected(list).filter((column) => !known.includes(column))).toEqual([]);
      expect(selected(list).sort()).toEqual(known.filter((column) => column !== 'pid').sort());
    }
  });
});
