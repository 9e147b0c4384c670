/**
 * A bench data set in PostgreSQL, database `recordings_bench_<n>`: the SQLite data set of the same
 * size copied in with `recordings copy --to` by bench/postgres-dataset.ts (as the serve rows use it),
 * or, from 1M on, loaded directly (postgres-direct-load.ts: the copy would take hours here). Built
 * once and reused while the server's data folder is kept, like the SQLite files.
 *
 * The bare query (postgres-search.ts) is the obvious design: a GIN index on `recordings`' own search
 * vector, which the product does not have (it searches its narrow search table,
 * src/db/postgres/search-table-sql.ts). The benchmark adds that index to its copy; the product never
 * uses it.
 */
import { loadDirectly } from './postgres-direct-load.js';
import { ensurePostgresDataset as ensureCopied, withClient } from './postgres-dataset.js';
import type { PostgresServer } from './postgres-server.js';

export const BARE_INDEX_SQL = 'CREATE INDEX IF NOT EXISTS bench_recordings_search_vector_idx ON recordings USING gin (search_vector)';

/** From this size on the data set is loaded directly. */
const DIRECT_LOAD_FROM = 1_000_000;

export interface PostgresDataset {
  url: string;
  reused: boolean;
  /** How long this run took to put it there (0 when reused). */
  loadSeconds: number;
  loadedBy: 'copy --to' | 'direct load';
  bytes: number;
}

export async function ensurePostgresDataset(server: PostgresServer, sqlitePath: string, recordings: number, log: (line: string) => void): Promise<PostgresDataset> {
  const name = `recordings_bench_${recordings}`;
  server.made(name);
  const direct = recordings >= DIRECT_LOAD_FROM;
  let loadSeconds = 0;
  if (direct && !(await server.hasDatabase(name))) {
    log(`  PostgreSQL: loading ${sqlitePath} into ${name} directly`);
    const started = performance.now();
    // Renamed when complete: a load cut short is started again, not taken for a data set.
    const partial = await server.freshDatabase(`${name}_partial`);
    await loadDirectly(sqlitePath, partial, log);
    await withClient(partial, (client) => client.query('VACUUM ANALYZE'));
    await server.renameDatabase(`${name}_partial`, name);
    loadSeconds = (performance.now() - started) / 1000;
    log(`  PostgreSQL: ${name} loaded in ${loadSeconds.toFixed(0)} s`);
  }
  // Copies (or resumes copying) when the database does not hold the data set yet; checks it does.
  const copied = await ensureCopied(server.url, sqlitePath, recordings, log);
  loadSeconds += copied.seconds;
  await withClient(copied.url, (client) => client.query(BARE_INDEX_SQL));
  const bytes = await withClient(copied.url, async (client) => Number((await client.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0]!.n));
  return { url: copied.url, reused: loadSeconds === 0, loadSeconds, loadedBy: direct ? 'direct load' : 'copy --to', bytes };
}
