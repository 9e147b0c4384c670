/**
 * A large data set into PostgreSQL without `recordings copy --to`, which at 1M recordings takes far
 * longer (it reads each batch through the store, plans the merge, and finds keys for new rows).
 * Here the SQLite file's rows go in as they are, a few thousand at a time, each table's columns as
 * arrays (`INSERT … SELECT * FROM unnest($1::bigint[], $2::text[], …)`), into the schema the product
 * created (the search vector, the search table and its triggers all as the product writes them). The
 * archive's own records (its id, the copy marker, the audit log) are not copied: search reads none.
 */
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../src/db/open-store.js';

/** The tables search reads, parents first. */
const TABLES = ['recordings', 'transcript_segments', 'insights', 'recording_owners'];
const ROWS_PER_INSERT = 5000;

export async function loadDirectly(sqlitePath: string, url: string, log: (line: string) => void): Promise<void> {
  // The schema, exactly as the product makes it.
  await (await openStore(url, { create: true })).close();
  const source = new BetterSqlite3(sqlitePath, { readonly: true });
  const target = new pg.Client({ connectionString: url });
  await target.connect();
  try {
    for (const table of TABLES) {
      const columns = (
        await target.query<{ name: string; type: string }>(
          `SELECT column_name AS name, format_type(a.atttypid, a.atttypmod) AS type
           FROM information_schema.columns c JOIN pg_attribute a ON a.attrelid = $1::text::regclass AND a.attname = c.column_name
           WHERE c.table_schema = current_schema() AND c.table_name = $1::text AND c.is_generated = 'NEVER' ORDER BY c.ordinal_position`,
          [table],
        )
      ).rows.filter((column) => sourceHas(source, table, column.name));
      const insert = `INSERT INTO ${table} (${columns.map((c) => `"${c.name}"`).join(', ')})
        SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})`;
      const read = source.prepare(`SELECT ${columns.map((c) => `"${c.name}"`).join(', ')} FROM ${table} ORDER BY rowid`).raw();
      let batch: unknown[][] = [];
      let done = 0;
      const flush = async () => {
        const arrays = columns.map((column, i) => batch.map((row) => (column.type === 'boolean' && row[i] !== null ? row[i] === 1 : row[i])));
        await target.query(insert, arrays);
        done += batch.length;
        batch = [];
        if (done % 100_000 < ROWS_PER_INSERT) log(`  … ${table}: ${done}`);
      };
      await target.query('BEGIN');
      for (const row of read.iterate() as Iterable<unknown[]>) {
        batch.push(row);
        if (batch.length === ROWS_PER_INSERT) await flush();
      }
      if (batch.length > 0) await flush();
      await target.query('COMMIT');
    }
  } finally {
    await target.end();
    source.close();
  }
}

function sourceHas(db: BetterSqlite3.Database, table: string, column: string): boolean {
  return (db.prepare(`SELECT count(*) AS n FROM pragma_table_info(?) WHERE name = ?`).get(table, column) as { n: number }).n === 1;
}
