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

/**
 * The WHERE conditions over `recordings r` for a filter, as filter.ts builds them for SQLite: the
 * same fields, the same meaning. `text` is the filter's `match` translated (tsquery.ts).
 */
export function filterConditions(filter: RecordingFilter, text: TextCondition | null, params: Params): string[] {
  const where: string[] = [];
  if (text) {
    where.push(`r.search_vector @@ ${params.add(text.tsquery)}::tsquery`);
    if (text.recheck) where.push(text.recheck('r.search_vector', (value) => params.add(value)));
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
  if (filter.direction) where.push(`lower(r.direction) = lower(${params.add(filter.direction)})`);
  if (filter.transcript) {
    const has = "(r.transcript_status = 'ready' AND r.transcript_segment_count > 0)";
    where.push(filter.transcript === 'with' ? has : `NOT ${has}`);
  }
  if (filter.status) where.push(`r.transcript_status = ${params.add(filter.status)}`);
  if (filter.sentiment) where.push(`lower(r.sentiment) = lower(${params.add(filter.sentiment)})`);
  if (filter.fromMs !== null && filter.fromMs !== undefined) where.push(`r.key >= ${params.add(filter.fromMs * KEYS_PER_MS)}::bigint`);
  if (filter.toMs !== null && filter.toMs !== undefined) where.push(`r.key < ${params.add(filter.toMs * KEYS_PER_MS)}::bigint`);
  if (filter.topic) {
    where.push(
      `r.key IN (SELECT recording_key FROM insights WHERE kind = 'topic' AND value IN (${params.add(filter.topic)}, ${params.add(filter.topic.toLowerCase())}))`,
    );
  }
  return where;
}

export function whereClause(where: readonly string[]): string {
  return where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
}
