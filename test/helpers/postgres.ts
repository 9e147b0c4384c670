import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

const created: string[] = [];

/**
 * A new, empty PostgreSQL database on the test run's server (test/setup/postgres.ts), dropped after the
 * test file: its URL, for `--db` or the store. Names are random, so files running at once never meet.
 */
export async function freshPostgresDatabase(): Promise<string> {
  const admin = inject('postgresUrl');
  const name = `recordings_test_${randomBytes(6).toString('hex')}`;
  await withClient(admin, (client) => client.query(`CREATE DATABASE ${name}`));
  created.push(name);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

// The reliability scenarios also run outside vitest (`npm run chaos`, on SQLite), where there is no
// suite to hook into and no database to drop.
if (process.env.VITEST) {
  afterAll(async () => {
    const names = created.splice(0);
    if (names.length === 0) return;
    await withClient(inject('postgresUrl'), async (client) => {
      for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  });
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
