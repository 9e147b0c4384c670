import { describe, expect, it } from 'vitest';
import { freshPostgresDatabase, withClient } from '../helpers/postgres.js';

describe('the PostgreSQL server the tests start', () => {
  it('is a real PostgreSQL 14 or newer, in UTF-8, and gives each test a database of its own', async () => {
    const first = await freshPostgresDatabase();
    const second = await freshPostgresDatabase();
    expect(first).not.toBe(second);
    await withClient(first, async (client) => {
      const version = Number((await client.query('SHOW server_version_num')).rows[0].server_version_num);
      expect(version).toBeGreaterThanOrEqual(140_000);
      expect((await client.query('SHOW server_encoding')).rows[0].server_encoding).toBe('UTF8');
      await client.query('CREATE TABLE mine (id int)');
    });
    await withClient(second, async (client) => {
      expect((await client.query("SELECT to_regclass('mine') AS found")).rows[0].found).toBeNull();
    });
  });
});
