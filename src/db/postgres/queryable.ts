import { createHash } from 'node:crypto';

/** What search needs of a PostgreSQL connection: a `pg` Client, Pool or PoolClient all fit. */
export interface Queryable {
  query<Row extends object = Record<string, unknown>>(query: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: Row[] }>;
}

/**
 * Runs `text` as a named prepared statement: search statements take about as long to parse and
 * plan as a rare word takes to find, and a connection that searches again (a pool, `serve`) then
 * does neither twice. The name is the text's hash, so each distinct statement is prepared once.
 */
export async function prepared<Row extends object>(db: Queryable, text: string, values: unknown[]): Promise<Row[]> {
  const name = `recordings-search-${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
  return (await db.query<Row>({ name, text, values })).rows;
}
