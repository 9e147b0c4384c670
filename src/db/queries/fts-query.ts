import type { Database } from 'better-sqlite3';

/**
 * The FTS5 expression to search for `text`. Valid FTS5 syntax is used as written, so `refund OR
 * cancel`, `"gift card"`, `reserv*`, `NEAR(...)` and column filters (`summary:refund`) work. Anything
 * else (unbalanced quotes, a lone `AND`, `foo-bar`, `*`, unknown columns) is searched as plain words:
 * each whitespace-separated word becomes a quoted phrase and all must match, the way sqlite-utils
 * escapes queries. Returns null when the text has no words at all.
 *
 * PostgreSQL search translates the same expression (src/db/postgres/tsquery.ts), so what is valid
 * here is what both backends search for.
 */
export function ftsExpression(db: Database, text: string): string | null {
  return ftsExpressionAccepted(text, (expression) => fts5Parses(db, expression));
}

/** ftsExpression with `accepts` saying whether FTS5 parses an expression (PostgreSQL: fts-expression.ts). */
export function ftsExpressionAccepted(text: string, accepts: (expression: string) => boolean): string | null {
  // SQLite reads a query string only up to a NUL: make it a word break instead.
  const trimmed = text.replace(/\u0000/g, ' ').trim();
  if (!trimmed) return null;
  // A leading `*` makes FTS5 run a special query (`*reads`, `*id`): a row of statistics, not a search.
  if (!trimmed.startsWith('*') && accepts(trimmed)) return trimmed;
  const quoted = quotedWords(trimmed);
  // Quoted words always parse; should one ever not, the search finds nothing rather than failing.
  return quoted !== null && accepts(quoted) ? quoted : null;
}

export function quotedWords(text: string): string | null {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  return words.map((word) => `"${word.replace(/"/g, '""')}"`).join(' ');
}

/** Whether FTS5 parses `expression`, asked of an FTS5 table of `db`. */
export function fts5Parses(db: Database, expression: string): boolean {
  try {
    // FTS5 parses the expression when the scan starts, so run one (it stops at the first hit).
    db.prepare('SELECT 1 FROM recordings_fts WHERE recordings_fts MATCH ? LIMIT 1').get(expression);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_ERROR') return false;
    throw error;
  }
}
