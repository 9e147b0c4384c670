import type { InferSelectModel } from 'drizzle-orm';
import type { recordings } from './sqlite/schema.js';

/**
 * A `recordings` row as the hand-written SQL of the query commands returns it: the database's column
 * names, the types the schema gives them (src/db/sqlite/schema.ts, and the same shape in
 * src/db/postgres/schema.ts, test/store/row-types.test.ts). Type-only: nothing here loads drizzle.
 * Booleans arrive as 0/1 from SQLite and as booleans from PostgreSQL.
 */
export type RecordingColumns = Driven<Omit<InferSelectModel<typeof recordings, { dbColumnNames: true }>, 'parties'>>;

/** The column names of `recordings`. */
export type RecordingColumn = keyof RecordingColumns;

type Driven<T> = { [K in keyof T]: T[K] extends boolean ? boolean | number : T[K] };
