import type { Database } from 'better-sqlite3';
import type { RecordingColumn, RecordingColumns } from '../row-types.js';
import type { RecordingFilter } from './filter.js';
import { type Page, countMatches, orderedSelects } from './ordered-select.js';

/** The export columns, in the contract's order (docs/cli.md, "`recordings export`"). */
export const EXPORT_COLUMNS = [
  'id',
  'call_id',
  'start_time',
  'duration_seconds',
  'direction',
  'from_number',
  'from_name',
  'to_number',
  'to_name',
  'recording_type',
  'transcript_status',
  'sentiment',
  'topics',
  'transcript',
] as const satisfies readonly RecordingColumn[];

/** One exported row: the export columns as stored (`topics` the stored JSON array of topic names). */
export type ExportRow = Pick<RecordingColumns, (typeof EXPORT_COLUMNS)[number]>;

const SELECT_COLUMNS = EXPORT_COLUMNS.map((name) => `r.${name}`).join(', ');

/**
 * Every matching row, one at a time straight from SQLite (`.iterate()`), so memory stays flat
 * however many rows there are. The connection is busy while the iterator is open: run nothing else
 * on it until the loop ends.
 */
export function* exportRows(db: Database, filter: RecordingFilter, page: Page): Generator<ExportRow> {
  // Only a ranked order needs the count (to decide whether to bound the ranking window).
  const total = page.sort === 'relevance' && filter.match ? countMatches(db, filter) : 0;
  for (const statement of orderedSelects(db, filter, page, SELECT_COLUMNS, total)) {
    yield* db.prepare(statement.sql).iterate(statement.params) as IterableIterator<ExportRow>;
  }
}
