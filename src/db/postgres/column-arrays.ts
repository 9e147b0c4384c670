import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

/*
 * Many rows in one statement as one array per column: `INSERT INTO t (a, b, …) SELECT * FROM
 * unnest($1::bigint[], $2::text[], …)`. drizzle's multi-row insert builds one parameter and several
 * SQL chunks per value, which for a page of a thousand 45-column recordings costs more CPU than
 * PostgreSQL spends storing it; here the statement has one parameter per column whatever the number
 * of rows, and no limit of 65,535 parameters to page around. Names and types come from the drizzle
 * schema (schema.ts); node-postgres writes each array as an array literal, quoting every element,
 * so quotes, backslashes, braces and the word NULL arrive as they are and only null is NULL.
 * Row-level triggers fire for each row as they do for VALUES.
 */

type FieldOf<T extends PgTable> = keyof T['_']['columns'] & string;

/** A column's type as an array to cast a parameter to: its collation belongs to the column, not to the array. */
function arrayType(column: PgColumn): string {
  return `${column.getSQLType().replace(/\s+COLLATE\s+.*$/i, '')}[]`;
}

/**
 * `INSERT INTO table (fields) SELECT * FROM unnest(…)` of `rows`, one array per field in that order;
 * columns not named take their defaults, as drizzle's insert leaves them. A field a row leaves
 * undefined is NULL, which is what drizzle's DEFAULT means for a column without a default; for a
 * column with one that would differ, so it is refused.
 */
export function insertColumnArrays<T extends PgTable, F extends FieldOf<T>>(table: T, fields: readonly F[], rows: readonly Readonly<Record<F, unknown>>[]): SQL {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const names = fields.map((field) => sql.identifier(columns[field]!.name));
  const arrays = fields.map((field) => {
    const column = columns[field]!;
    return sql`${sql.param(rows.map((row) => valueOf(row, field, column)))}::${sql.raw(arrayType(column))}`;
  });
  return sql`INSERT INTO ${table} (${sql.join(names, sql`, `)}) SELECT * FROM unnest(${sql.join(arrays, sql`, `)})`;
}

function valueOf<F extends string>(row: Readonly<Record<F, unknown>>, field: F, column: PgColumn): unknown {
  const value = row[field];
  if (value !== undefined) return value;
  if (column.hasDefault) throw new Error(`a row to insert has no value for ${column.name}, which has a default`);
  return null;
}

/**
 * `ON CONFLICT (target) DO UPDATE SET … WHERE …` as drizzle's onConflictDoUpdate writes it, from the
 * same `set` and `setWhere` (src/db/common/recording-upsert.ts and the like).
 */
export function onConflictDoUpdate<T extends PgTable>(table: T, target: PgColumn, update: { set: Partial<Record<FieldOf<T>, SQL>>; setWhere?: SQL }): SQL {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const set = Object.entries(update.set as Record<string, SQL>).map(([field, value]) => sql`${sql.identifier(columns[field]!.name)} = ${value}`);
  const where = update.setWhere ? sql` WHERE ${update.setWhere}` : sql``;
  return sql` ON CONFLICT (${sql.identifier(target.name)}) DO UPDATE SET ${sql.join(set, sql`, `)}${where}`;
}
