import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../../src/db/open-store.js';
import type { ArchiveStore, Backend } from '../../src/db/store.js';
import { isPostgresUrl } from '../../src/util/database-url.js';
import { freshPostgresDatabase } from './postgres.js';
import { type SeedRecording, seedStore } from './seed.js';

/**
 * The backends the sync, query, operations and reliability tests run against
 * (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team"): a test written once with `describe.each(BACKENDS)` runs on a SQLite file and on
 * the PostgreSQL server the suite starts (test/setup/postgres.ts). A test of what only one backend
 * has says so in its name.
 */
export const BACKENDS: readonly Backend[] = ['sqlite', 'postgres'];

let backend: Backend = 'sqlite';
let postgresDatabase: string | null = null;

/**
 * Runs the tests of the enclosing `describe` against `which`: from then on archiveFor() (and through
 * it the helpers that name a test's archive: the sync's databasePath(), seedDatabaseFile()) names a
 * SQLite file in the test's folder, or a schema of its own, named after the folder, in a PostgreSQL
 * database of this test file, which the first sync creates as it would create the file.
 */
export function useBackend(which: Backend): void {
  beforeAll(async () => {
    if (which === 'postgres') postgresDatabase ??= await freshPostgresDatabase();
  });
  beforeEach(() => {
    backend = which;
  });
  afterEach(() => {
    backend = 'sqlite';
  });
}

/** The backend the running test uses (useBackend). */
export function currentBackend(): Backend {
  return backend;
}

/** The archive of the test whose files are in `dir`: `file` on SQLite, the folder's own schema on PostgreSQL. */
export function archiveFor(dir: string, file: string): string {
  if (backend === 'sqlite') return file;
  const schema = `t_${createHash('sha1').update(dir).digest('hex').slice(0, 16)}`;
  return `${postgresDatabase}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Where a test's archive lives: `data/recordings.db` in `dir`, or a new PostgreSQL database (nothing created in it yet). */
export async function archiveTarget(backend: Backend, dir: string): Promise<string> {
  return backend === 'sqlite' ? join(dir, 'data', 'recordings.db') : freshPostgresDatabase();
}

/** A new archive at `target` with `seeds` written through the store, as sync writes them; closed again. */
export async function seedArchive(target: string, seeds: readonly SeedRecording[]): Promise<string> {
  const store = await openStore(target, { create: true });
  try {
    await seedStore(store, seeds);
  } finally {
    await store.close();
  }
  return target;
}

/** A new archive for `backend` in `dir`, seeded. */
export async function seededArchive(backend: Backend, dir: string, seeds: readonly SeedRecording[]): Promise<string> {
  return seedArchive(await archiveTarget(backend, dir), seeds);
}

/** Runs `use` with the archive's store open, and closes it. */
export async function withStore<T>(target: string, use: (store: ArchiveStore) => Promise<T>): Promise<T> {
  const store = await openStore(target);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/**
 * The rows of a query on either backend's archive, for tests that look at what is stored: SQL both
 * dialects read alike, `?` placeholders, values as SQLite gives them (booleans 0/1, `bigint` as
 * numbers). PostgreSQL's search vector is left out of `SELECT *`, as SQLite's `parties` is.
 */
export async function queryRows<T = Record<string, unknown>>(target: string, sql: string, ...params: unknown[]): Promise<T[]> {
  if (!isPostgresUrl(target)) {
    const db = new BetterSqlite3(target, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(sql).all(...params) as Record<string, unknown>[]).map(({ parties: _parties, ...row }) => row) as T[];
    } finally {
      db.close();
    }
  }
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  const client = new pg.Client({
    connectionString: target,
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  await client.connect();
  try {
    const result = await client.query(text, params);
    return result.rows.map((row: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(row).filter(([name]) => name !== 'search_vector').map(([name, value]) => [name, typeof value === 'boolean' ? Number(value) : value])),
    ) as T[];
  } finally {
    await client.end();
  }
}

/** The first column of the first row (null when there is none). */
export async function queryValue<T = unknown>(target: string, sql: string, ...params: unknown[]): Promise<T> {
  const rows = await queryRows(target, sql, ...params);
  const first = rows[0];
  return (first === undefined ? null : Object.values(first)[0]) as T;
}

/**
 * Every row of every table of either backend's archive, table by table in name order, rows in a
 * stable order (their JSON): for tests that check a command changed nothing, or look for a value
 * anywhere in what is stored. One connection, however many tables.
 */
export async function allRows(target: string): Promise<[table: string, rows: unknown[][]][]> {
  const sorted = (rows: unknown[][]) => rows.map((row) => [JSON.stringify(row), row] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  if (!isPostgresUrl(target)) {
    const db = new BetterSqlite3(target, { readonly: true, fileMustExist: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
      return tables.map((table) => [table, sorted(db.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`).raw().all() as unknown[][])]);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    const tables = (
      await client.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
      )
    ).rows.map((row) => row.name);
    const result: [string, unknown[][]][] = [];
    for (const table of tables) {
      const rows = await client.query({ text: `SELECT * FROM "${table.replace(/"/g, '""')}"`, rowMode: 'array' });
      result.push([table, sorted(rows.rows as unknown[][])]);
    }
    return result;
  } finally {
    await client.end();
  }
}

/** Runs a statement on either backend's archive (`?` placeholders): for tests that set up a state by hand. */
export async function executeSql(target: string, sql: string, ...params: unknown[]): Promise<void> {
  if (!isPostgresUrl(target)) {
    const db = new BetterSqlite3(target, { fileMustExist: true });
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
    return;
  }
  let n = 0;
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    await client.query(sql.replace(/\?/g, () => `$${++n}`), params);
  } finally {
    await client.end();
  }
}
