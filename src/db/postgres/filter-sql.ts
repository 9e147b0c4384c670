import { prefixRange } from '../phone-digits.js';
import type { RecordingFilter } from '../queries/filter.js';
import type { TextCondition } from './tsquery.js';

/** Keys are start time in ms × 1000 plus a collision counter (src/db/common/recording-upsert.ts). */
const KEYS_PER_MS = 1000;

/** Positional parameters ($1, $2 …) collected while SQL is built; user values never enter the SQL text. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The rows a filter selects: `FROM …`, the WHERE conditions, and the expression of their key. */
export interface FilterSource {
  from: string;
  conditions: string[];
  key: string;
}

/**
 * Where a filter's recordings are found. With words to match, in the search table `s`
 * (search-table-sql.ts): the GIN index, the vector and the columns the other filters test are all
 * in its narrow rows, so counting the matches reads little; `recordings r` is joined only for what
 * that table lacks (the phone digits) or when `withRecordings` asks for its columns. Without words,
 * in `recordings r` itself, whose primary key orders a page.
 */
export function filterSource(filter: RecordingFilter, text: TextCondition | null, params: Params, withRecordings = false): FilterSource {
  if (!text) return { from: 'recordings r', conditions: filterConditions(filter, null, params, 'r'), key: 'r.key' };
  const join = withRecordings || filter.phoneDigits ? ' JOIN recordings r ON r.key = s.key' : '';
  return { from: `recording_search s${join}`, conditions: filterConditions(filter, text, params, 's'), key: 's.key' };
}

/**
 * The WHERE conditions for a filter, as filter.ts builds them for SQLite: the same fields, the same
 * meaning. `text` is the filter's `match` translated (tsquery.ts), tested on the search table `s`;
 * the other fields are tested on `table` (`s` or `recordings r`), the phone digits on `r`.
 */
function filterConditions(filter: RecordingFilter, text: TextCondition | null, params: Params, table: 's' | 'r'): string[] {
  const where: string[] = [];
  if (text) {
    where.push(`s.search_vector @@ ${params.add(text.tsquery)}::tsquery`);
    if (text.recheck) where.push(text.recheck('s.search_vector', (value) => params.add(value)));
  }
  if (filter.phoneDigits) {
    const [low, high] = prefixRange([...filter.phoneDigits].reverse().join(''));
    const lowParam = params.add(low);
    const highParam = params.add(high);
    // Byte order, as the indexes (text-search-sql.ts): two index ranges joined by OR (a BitmapOr).
    const range = (column: string) => `(${column} COLLATE "C" >= ${lowParam} AND ${column} COLLATE "C" < ${highParam})`;
    where.push(`(${range('r.from_digits_reversed')} OR ${range('r.to_digits_reversed')})`);
  }
  // SQLite compares direction and sentiment with COLLATE NOCASE.
  const t = table;
  if (filter.direction) where.push(`lower(${t}.direction) = lower(${params.add(filter.direction)})`);
  if (filter.transcript) {
    const has = `(${t}.transcript_status = 'ready' AND ${t}.transcript_segment_count > 0)`;
    where.push(filter.transcript === 'with' ? has : `NOT ${has}`);
  }
  if (filter.status) where.push(`${t}.transcript_status = ${params.add(filter.status)}`);
  if (filter.sentiment) where.push(`lower(${t}.sentiment) = lower(${params.add(filter.sentiment)})`);
  if (filter.fromMs !== null && filter.fromMs !== undefined) where.push(`${t}.key >= ${params.add(filter.fromMs * KEYS_PER_MS)}::bigint`);
  if (filter.toMs !== null && filter.toMs !== undefined) where.push(`${t}.key < ${params.add(filter.toMs * KEYS_PER_MS)}::bigint`);
  if (filter.topic) {
    where.push(
      `${t}.key IN (SELECT recording_key FROM insights WHERE kind = 'topic' AND value IN (${params.add(filter.topic)}, ${params.add(filter.topic.toLowerCase())}))`,
    );
  }
  return where;
}

export function whereClause(where: readonly string[]): string {
  return where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
}
