/**
 * A bench data set in PostgreSQL: the SQLite data set of the same size (dataset.ts) copied in with
 * `recordings copy --to`, as a team moving an archive would (from 1M on loaded directly,
 * postgres-direct-load.ts), into database `recordings_<n>`. Built
 * once and reused while the server's data folder is kept (postgres-server.ts), like the SQLite
 * files: the copy goes into `recordings_<n>_partial`, which is renamed when it is complete.
 *
 * After the copy, `VACUUM (ANALYZE)`: what autovacuum does to a table soon after a bulk load (the
 * planner's statistics, the visibility map, GIN's pending list merged into the index), done at once
 * so that every run measures the same state.
 *
 * The bare query (postgres-search.ts) is the obvious design: a GIN index on `recordings`' own search
 * vector, which the product does not have (it searches its narrow search table,
 * src/db/postgres/search-table-sql.ts). The benchmark adds that index for it, and the product never
 * uses it.
 */
export const BARE_INDEX_SQL = 'CREATE INDEX IF NOT EXISTS bench_recordings_search_vector_idx ON recordings USING gin (search_vector)';

import { loadDirectly } from './postgres-direct-load.js';
import { BIN, cliEnv, runChild } from './process.js';
import { type PostgresServer, withClient } from './postgres-server.js';

export interface PostgresDataset {
  url: string;
  reused: boolean;
  /** The copy's wall time, when this run made it. */
  copySeconds: number;
  /** VACUUM (ANALYZE) afterwards. */
  vacuumSeconds: number;
  bytes: number;
}

export async function ensurePostgresDataset(
  server: PostgresServer,
  sqlitePath: string,
  recordings: number,
  workDir: string,
  log: (line: string) => void,
): Promise<PostgresDataset> {
  const name = `${server.prefix}${recordings}`;
  const url = server.databaseUrl(name);
  if (await server.hasDatabase(name)) {
    await withClient(url, (client) => client.query(BARE_INDEX_SQL));
    return { url, reused: true, copySeconds: 0, vacuumSeconds: 0, bytes: await databaseBytes(url) };
  }
  const partial = await server.freshDatabase(`${name}_partial`);
  const copy = recordings >= DIRECT_LOAD_FROM ? await direct(sqlitePath, partial, log) : await copyTo(sqlitePath, partial, workDir, log);
  const copied = await withClient(partial, async (client) => Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM recordings')).rows[0]!.n));
  if (copied !== recordings) throw new Error(`PostgreSQL holds ${copied} recordings, expected ${recordings}`);
  await withClient(partial, (client) => client.query(BARE_INDEX_SQL));
  const started = performance.now();
  await withClient(partial, (client) => client.query('VACUUM (ANALYZE)'));
  const vacuumSeconds = (performance.now() - started) / 1000;
  await server.renameDatabase(`${name}_partial`, name);
  const bytes = await databaseBytes(url);
  log(`  copied ${recordings} recordings into ${name} in ${copy.seconds.toFixed(0)} s (+ ${vacuumSeconds.toFixed(0)} s VACUUM), ${(bytes / 1e6).toFixed(0)} MB`);
  return { url, reused: false, copySeconds: copy.seconds, vacuumSeconds, bytes };
}

/** From this size on the data set is loaded directly (postgres-direct-load.ts): `copy --to` would take hours. */
const DIRECT_LOAD_FROM = 1_000_000;

async function copyTo(sqlitePath: string, url: string, workDir: string, log: (line: string) => void): Promise<{ seconds: number }> {
  log(`  copying ${sqlitePath} into PostgreSQL with copy --to`);
  const copy = await runChild(process.execPath, [BIN, 'copy', '--to', url, '--json'], cliEnv(workDir, sqlitePath));
  if (copy.exitCode !== 0) throw new Error(`copy --to exited with ${copy.exitCode}: ${copy.stderr.trim().split('\n').pop() ?? ''}`);
  return copy;
}

async function direct(sqlitePath: string, url: string, log: (line: string) => void): Promise<{ seconds: number }> {
  log(`  loading ${sqlitePath} into PostgreSQL directly`);
  const started = performance.now();
  await loadDirectly(sqlitePath, url, log);
  return { seconds: (performance.now() - started) / 1000 };
}

async function databaseBytes(url: string): Promise<number> {
  return withClient(url, async (client) => Number((await client.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0]!.n));
}
