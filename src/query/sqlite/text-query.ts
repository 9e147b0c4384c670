import type { Database } from 'better-sqlite3';
import type { RecordingFilter } from '../../db/queries/filter.js';
import { ftsExpression } from '../../db/queries/fts-query.js';
import type { ParsedQuery } from '../filters.js';

/**
 * The filter with its text query made safe for SQLite's FTS5: valid syntax as written, anything
 * else as plain words. Null when the text has nothing to search for (the result is then empty, not
 * an error).
 */
export function withTextQuery(db: Database, parsed: ParsedQuery): RecordingFilter | null {
  if (parsed.text === null) return parsed.filter;
  const match = ftsExpression(db, parsed.text);
  return match === null ? null : { ...parsed.filter, match };
}
