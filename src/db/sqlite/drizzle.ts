import type { Database, RunResult, Statement } from 'better-sqlite3';
import { Column, Param, Placeholder, type Query, type SQL, sql } from 'drizzle-orm';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';

/**
 * drizzle over a better-sqlite3 connection, as the SQLite store's writes and the sync path use it.
 * Synchronous, like the connection: each write runs whole inside one SQLite transaction, and no other
 * call can come between its statements. Only modules the store loads for sync and the operations
 * import this one: the query commands never load drizzle
 * (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team").
 */
export type Drizzle = BetterSQLite3Database;

const connections = new WeakMap<Database, Drizzle>();
const statementSets = new WeakMap<Database, Map<(d: Drizzle, db: Database) => unknown, unknown>>();

/** drizzle over `db`, made once per connection. */
export function drizzleOf(db: Database): Drizzle {
  let d = connections.get(db);
  if (!d) connections.set(db, (d = drizzle(db)));
  return d;
}

/**
 * The statements `build` makes (drizzle's `.prepare()`, or compile() below for the hottest), made
 * once per connection: better-sqlite3 then compiles each only once, where building and preparing a
 * statement for every row of a page or every transcript would cost more than running it.
 */
export function preparedFor<T>(db: Database, build: (d: Drizzle, db: Database) => T): T {
  let sets = statementSets.get(db);
  if (!sets) statementSets.set(db, (sets = new Map()));
  let statements = sets.get(build) as T | undefined;
  if (statements === undefined) sets.set(build, (statements = build(drizzleOf(db), db)));
  return statements;
}

/** A statement run with named values: what compile() makes. */
export interface Compiled<V> {
  run(values: V): RunResult;
  /** The first column of the first row (a key, a count), or undefined when there is no row. */
  value<T>(values: V): T | undefined;
}

/**
 * A statement drizzle's query builder made (its values `sql.placeholder`s, see placeholders()),
 * prepared once with better-sqlite3 and run with its placeholders filled by a plan made once.
 * drizzle's own `.prepare()` fills them anew on every run, checking the class of each parameter:
 * on the hot path of a page (an upsert per recording, an insert per transcript segment) that cost a
 * sixth of the time a page took to store. Values pass through the column's encoder as drizzle's
 * would (a boolean becomes 0 or 1).
 */
export function compile<V extends object>(db: Database, query: { toSQL(): Query }): Compiled<V> {
  const { sql: text, params } = query.toSQL();
  const statement: Statement = db.prepare(text);
  let plucked: Statement | undefined;
  // Per parameter: the value's name (or null: a constant of the statement), and the column's encoder
  // when it converts anything (a boolean column; most columns take the value as it is).
  const names = params.map((param) => (param instanceof Param && param.value instanceof Placeholder ? param.value.name : param instanceof Placeholder ? param.name : null));
  const encoders = params.map((param) => (param instanceof Param && param.encoder.mapToDriverValue !== Column.prototype.mapToDriverValue ? param.encoder : null));
  const fill = (values: V): unknown[] => {
    const named = values as Record<string, unknown>;
    const filled = params.slice();
    for (let i = 0; i < filled.length; i++) {
      const name = names[i];
      if (name == null) continue;
      if (!(name in named)) throw new Error(`no value for ${name}`);
      const encoder = encoders[i];
      filled[i] = encoder ? encoder.mapToDriverValue(named[name]) : named[name];
    }
    return filled;
  };
  return {
    run: (values) => statement.run(fill(values)),
    value: <T>(values: V) => (plucked ??= db.prepare(text).pluck()).get(fill(values)) as T | undefined,
  };
}

/** `sql.placeholder(field)` for each field: a compiled statement's values, given when it runs. */
export function placeholders<F extends string>(fields: readonly F[]): Record<F, Placeholder<F>> {
  return Object.fromEntries(fields.map((field) => [field, sql.placeholder(field)])) as Record<F, Placeholder<F>>;
}

/**
 * The same for an UPDATE's SET, which drizzle types to take SQL rather than placeholders: the value
 * is bound as given, so these fields must need no conversion to the driver's values (no booleans).
 */
export function setPlaceholders<F extends string>(fields: readonly F[]): Record<F, SQL> {
  return Object.fromEntries(fields.map((field) => [field, sql`${sql.placeholder(field)}`])) as Record<F, SQL>;
}
