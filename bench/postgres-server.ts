/**
 * The PostgreSQL server this benchmark measures: the one bench/postgres-dataset.ts starts for the
 * serve rows too (an embedded PostgreSQL 18 whose data folder is kept in `.bench-data/postgres/`, or
 * the server `--postgres <url>` names), and what the benchmark needs of it besides: databases of its
 * own, made empty and dropped by name. A temporary run (`--quick`) drops every database it made.
 */
import pg from 'pg';
import { benchPostgres, withClient } from './postgres-dataset.js';

export interface PostgresServer {
  /** The admin URL (database `postgres`). */
  url: string;
  /** `SHOW server_version`. */
  version: string;
  /** The URL of database `name` on this server. */
  databaseUrl(name: string): string;
  /** Drops and creates database `name`, empty. */
  freshDatabase(name: string): Promise<string>;
  hasDatabase(name: string): Promise<boolean>;
  dropDatabase(name: string): Promise<void>;
  renameDatabase(from: string, to: string): Promise<void>;
  /** Counts database `name` among those this run made (dropped at the end of a temporary run). */
  made(name: string): void;
  /** Drops every database this run made, when the run is temporary. */
  dropMade(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPostgres(dataDir: string, given: string | undefined, temporary: boolean, log: (line: string) => void): Promise<PostgresServer> {
  const server = await benchPostgres(dataDir, given, log);
  const url = server.adminUrl;
  const admin = <T>(use: (client: pg.Client) => Promise<T>) => withClient(url, use);
  const version = await admin(async (client) => (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version);
  const made = new Set<string>();
  const databaseUrl = (name: string) => {
    const at = new URL(url);
    at.pathname = `/${name}`;
    return at.toString();
  };
  const drop = (name: string) => admin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${identifier(name)} WITH (FORCE)`)));
  return {
    url,
    version,
    databaseUrl,
    async freshDatabase(name) {
      made.add(name);
      await drop(name);
      await admin((client) => client.query(`CREATE DATABASE ${identifier(name)}`));
      return databaseUrl(name);
    },
    hasDatabase: (name) => admin(async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1),
    dropDatabase: drop,
    async renameDatabase(from, to) {
      made.add(to);
      await admin((client) => client.query(`ALTER DATABASE ${identifier(from)} RENAME TO ${identifier(to)}`));
    },
    made: (name) => void made.add(name),
    async dropMade() {
      if (temporary) for (const name of made) await drop(name);
    },
    stop: () => server.stop(),
  };
}

/** The benchmark's own database names only: lower-case letters, digits and `_`. */
function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a database name for the benchmark: ${name}`);
  return name;
}

