import BetterSqlite3, { type Database } from 'better-sqlite3';
import { ftsExpression } from '../queries/fts-query.js';
import { FTS_COLUMNS } from './fts5-syntax.js';

let validator: Database | null = null;

/**
 * `--text` as the FTS5 expression both backends search for, when the archive is PostgreSQL: FTS5
 * itself decides what is valid syntax (fts-query.ts), in an empty in-memory table with the
 * archive's FTS columns, so that PostgreSQL accepts exactly what SQLite does and quotes the rest
 * the same way. null: nothing to search for.
 */
export function ftsExpressionForPostgres(text: string): string | null {
  validator ??= emptyFtsTable();
  return ftsExpression(validator, text);
}

function emptyFtsTable(): Database {
  const db = new BetterSqlite3(':memory:');
  db.exec(`CREATE VIRTUAL TABLE recordings_fts USING fts5(${FTS_COLUMNS.join(', ')}, tokenize='porter unicode61 remove_diacritics 2')`);
  return db;
}
