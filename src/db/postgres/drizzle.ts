import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import type pg from 'pg';

/** drizzle over the session's connection, or over a transaction on it: what the write modules take. */
export type Db = PgDatabase<NodePgQueryResultHKT, Record<string, never>>;

const cache = new WeakMap<pg.Client, Db>();

/**
 * drizzle's node-postgres driver over `client`, made once per connection and loaded on first use:
 * the query commands read with plain SQL and never load drizzle (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team").
 */
export async function drizzleFor(client: pg.Client): Promise<Db> {
  const cached = cache.get(client);
  if (cached) return cached;
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const db = drizzle(client) as unknown as Db;
  cache.set(client, db);
  return db;
}

/** The rows a statement changed, as node-postgres reports them. */
export function changed(result: { rowCount: number | null }): number {
  return result.rowCount ?? 0;
}
