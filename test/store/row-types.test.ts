import { getTableColumns, type InferInsertModel, type InferSelectModel, type Table } from 'drizzle-orm';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as postgres from '../../src/db/postgres/schema.js';
import * as sqlite from '../../src/db/sqlite/schema.js';

/**
 * Both dialects' schemas describe the same archive (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team"): every table's rows
 * have the same shape, checked by the compiler (`npm run typecheck`), and every column the same
 * name, nullability, default and kind of value, checked here at run time. SQLite's `parties` is the
 * text its FTS5 index reads; PostgreSQL's search vector is not in its drizzle schema at all.
 */
type SqliteOnly = 'parties';

describe('the SQLite and PostgreSQL schemas', () => {
  // Inserts are compared with every column required: SQLite makes its INTEGER PRIMARY KEY optional
  // (the rowid), where PostgreSQL's bigint key is not; the code always gives the key, and which
  // columns have defaults is compared at run time below.
  it('infer the same row types for every table (select and insert)', () => {
    expectTypeOf<Omit<InferSelectModel<typeof sqlite.recordings>, SqliteOnly>>().toEqualTypeOf<InferSelectModel<typeof postgres.recordings>>();
    expectTypeOf<Required<InferInsertModel<typeof sqlite.recordings>>>().toEqualTypeOf<Required<InferInsertModel<typeof postgres.recordings>>>();
    expectTypeOf<Omit<InferSelectModel<typeof sqlite.recordings, { dbColumnNames: true }>, SqliteOnly>>().toEqualTypeOf<
      InferSelectModel<typeof postgres.recordings, { dbColumnNames: true }>
    >();
    expectTypeOf<InferSelectModel<typeof sqlite.transcriptSegments>>().toEqualTypeOf<InferSelectModel<typeof postgres.transcriptSegments>>();
    expectTypeOf<Required<InferInsertModel<typeof sqlite.transcriptSegments>>>().toEqualTypeOf<Required<InferInsertModel<typeof postgres.transcriptSegments>>>();
    expectTypeOf<InferSelectModel<typeof sqlite.insights>>().toEqualTypeOf<InferSelectModel<typeof postgres.insights>>();
    expectTypeOf<Required<InferInsertModel<typeof sqlite.insights>>>().toEqualTypeOf<Required<InferInsertModel<typeof postgres.insights>>>();
    expectTypeOf<InferSelectModel<typeof sqlite.recordingOwners>>().toEqualTypeOf<InferSelectModel<typeof postgres.recordingOwners>>();
    expectTypeOf<Required<InferInsertModel<typeof sqlite.recordingOwners>>>().toEqualTypeOf<Required<InferInsertModel<typeof postgres.recordingOwners>>>();
    expectTypeOf<InferSelectModel<typeof sqlite.syncRuns>>().toEqualTypeOf<InferSelectModel<typeof postgres.syncRuns>>();
    expectTypeOf<Required<InferInsertModel<typeof sqlite.syncRuns>>>().toEqualTypeOf<Required<InferInsertModel<typeof postgres.syncRuns>>>();
    expectTypeOf<InferSelectModel<typeof sqlite.syncState>>().toEqualTypeOf<InferSelectModel<typeof postgres.syncState>>();
    expectTypeOf<Required<InferInsertModel<typeof sqlite.syncState>>>().toEqualTypeOf<Required<InferInsertModel<typeof postgres.syncState>>>();
    expectTypeOf<InferSelectModel<typeof sqlite.auditLog>>().toEqualTypeOf<InferSelectModel<typeof postgres.auditLog>>();
    expectTypeOf<Required<InferInsertModel<typeof sqlite.auditLog>>>().toEqualTypeOf<Required<InferInsertModel<typeof postgres.auditLog>>>();
  });

  it('have the same tables, and in each the same columns with the same nullability, default and kind of value', () => {
    const tables = (schema: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(schema).filter((entry): entry is [string, Table] => isTable(entry[1])));
    const sqliteTables = tables(sqlite);
    const postgresTables = tables(postgres);
    expect(Object.keys(postgresTables).sort()).toEqual(Object.keys(sqliteTables).sort());
    for (const [name, table] of Object.entries(sqliteTables)) {
      const describe = (t: Table, skip: readonly string[]) =>
        Object.fromEntries(
          Object.entries(getTableColumns(t))
            .filter(([key]) => !skip.includes(key))
            .map(([key, column]) => [key, { name: column.name, notNull: column.notNull, hasDefault: column.hasDefault || isRowid(name, key), dataType: kind(column.dataType), primary: column.primary }]),
        );
      expect(describe(postgresTables[name]!, []), name).toEqual(describe(table, ['parties']));
    }
  });
});

/** SQLite gives an INTEGER PRIMARY KEY a default (the rowid); the code always sets `recordings.key` itself. */
function isRowid(table: string, column: string): boolean {
  return table === 'recordings' && column === 'key';
}

/** PostgreSQL's times are a custom type (text in byte order, src/db/postgres/schema.ts) holding strings. */
function kind(dataType: string): string {
  return dataType === 'custom' ? 'string' : dataType;
}

function isTable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Symbol.for('drizzle:IsDrizzleTable') in value;
}
