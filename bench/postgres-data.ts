/**
 * A bench data set in PostgreSQL: the SQLite data set of the same size (dataset.ts) copied in with
 * `recordings copy --to`, as a team moving an archive would, into database `recordings_<n>`. Built
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
  log(`  copying ${sqlitePath} into PostgreSQL (${name})`);
  const copy = await runChild(process.execPath, [BIN, 'copy', '--to', partial, '--json'], cliEnv(workDir, sqlitePath));
  if (copy.exitCode !== 0) throw new Error(`copy --to exited with ${copy.exitCode}: ${copy.stderr.trim().split('\n').pop() ?? ''}`);
  const copied = JSON.parse(copy.stdout) as { recordings: number };
  if (copied.recordings !== recordings) throw new Error(`copy --to copied ${copied.recordings} recordings, expected ${recordings}`);
  await withClient(partial, (client) => client.query(BARE_INDEX_SQL));
  const started = performance.now();
  await withClient(partial, (client) => client.query('VACUUM (ANALYZE)'));
  const vacuumSeconds = (performance.now() - started) / 1000;
  await server.renameDatabase(`${name}_partial`, name);
  const bytes = await databaseBytes(url);
  log(`  copied ${recordings} recordings into ${name} in ${copy.seconds.toFixed(0)} s (+ ${vacuumSeconds.toFixed(0)} s VACUUM), ${(bytes / 1e6).toFixed(0)} MB`);
  return { url, reused: false, copySeconds: copy.seconds, vacuumSeconds, bytes };
}

async function databaseBytes(url: string): Promise<number> {
  return withClient(url, async (client) => Number((await client.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0]!.n));
}
