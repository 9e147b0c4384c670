import { createRequire } from 'node:module';
import type { Database } from 'better-sqlite3';
import { ftsExpressionAccepted, fts5Parses } from '../queries/fts-query.js';
import { FTS_COLUMNS, FtsSyntaxError, parseFts5 } from './fts5-syntax.js';

/**
 * Tokens up to which FTS5's parser cannot run out of stack: its LALR stack holds 100 entries
 * (`((…(a)…))` fails from 98 levels), and an entry is pushed only for a token read, so an
 * expression of fewer tokens than that never meets the limit. Longer ones are asked of FTS5 itself.
 */
const TOKENS_FTS5_ALWAYS_PARSES = 90;

let validator: Database | null = null;

/**
 * `--text` as the FTS5 expression both backends search for, when the archive is PostgreSQL: valid
 * FTS5 syntax as written, anything else as plain words, exactly as on SQLite (fts-query.ts), so
 * that PostgreSQL searches for what SQLite does. Whether FTS5 accepts an expression is its grammar
 * (fts5-syntax.ts, which test/postgres/fts5-syntax.test.ts holds to FTS5's answers, random
 * expressions included) rather than a question to SQLite: loading better-sqlite3 and making an FTS5
 * table cost a query command on PostgreSQL ~10 ms of its start-up. Only an expression long enough
 * to overflow FTS5's parser stack, which the grammar does not model, is asked of FTS5, in an empty
 * in-memory table with the archive's FTS columns. null: nothing to search for.
 */
export function ftsExpressionForPostgres(text: string): string | null {
  return ftsExpressionAccepted(text, (expression) => (tokenCount(expression) <= TOKENS_FTS5_ALWAYS_PARSES ? grammarAccepts(expression) : fts5Accepts(expression)));
}

function grammarAccepts(expression: string): boolean {
  try {
    parseFts5(expression);
    return true;
  } catch (error) {
    if (error instanceof FtsSyntaxError) return false;
    throw error;
  }
}

function fts5Accepts(expression: string): boolean {
  validator ??= emptyFtsTable();
  return fts5Parses(validator, expression);
}

/** At least as many as FTS5's tokenizer reads: a quoted string, a run of bareword characters, or any other character but a space. */
function tokenCount(expression: string): number {
  return expression.match(/"(?:[^"]|"")*"?|[\p{L}\p{N}_\u001a\u0080-\u{10ffff}]+|\S/gu)?.length ?? 0;
}

function emptyFtsTable(): Database {
  const BetterSqlite3 = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
  const db = new BetterSqlite3(':memory:');
  db.exec(`CREATE VIRTUAL TABLE recordings_fts USING fts5(${FTS_COLUMNS.join(', ')}, tokenize='porter unicode61 remove_diacritics 2')`);
  return db;
}
