import type { Database, Statement } from 'better-sqlite3';

export interface UpsertSpec {
  table: string;
  /** Columns whose values are inserted, in the order of the parameters. */
  columns: readonly string[];
  /** The unique key the conflict is detected on. */
  conflict: readonly string[];
  /** Columns overwritten from the new row on conflict; the rest keep their stored values. */
  update: readonly string[];
  /** An SQL condition (may use `excluded.`) that must hold for the update to happen. */
  where?: string;
}

const cache = new WeakMap<Database, Map<string, Statement>>();

/**
 * INSERT … ON CONFLICT DO UPDATE, never INSERT OR REPLACE: a replace deletes the old row behind the
 * FTS triggers' back and leaves orphaned index entries. Statements are prepared once per database.
 * Table and column names come from code, never from input; values are always parameters.
 * `.run()` reports `changes` 0 when the row existed and the `where` condition kept it as it was.
 */
export function upsertStatement(db: Database, spec: UpsertSpec): Statement {
  const sql = buildUpsertSql(spec);
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}

export function buildUpsertSql(spec: UpsertSpec): string {
  const quote = (name: string) => `"${name}"`;
  const columns = spec.columns.map(quote).join(', ');
  const params = spec.columns.map((name) => `@${name}`).join(', ');
  const sets = spec.update.map((name) => `${quote(name)} = excluded.${quote(name)}`).join(', ');
  const where = spec.where ? ` WHERE ${spec.where}` : '';
  return (
    `INSERT INTO ${quote(spec.table)} (${columns}) VALUES (${params}) ` +
    `ON CONFLICT (${spec.conflict.map(quote).join(', ')}) DO UPDATE SET ${sets}${where}`
  );
}
