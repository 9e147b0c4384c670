import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS_FOLDER } from '../../src/db/postgres/migrate.js';
import { SEARCH_TABLE_MIGRATION_SQL } from '../../src/db/postgres/search-table-sql.js';
import { SEARCH_INDEX_SQL, SEARCH_VECTOR_COLUMN_SQL, TEXT_SEARCH_SQL } from '../../src/db/postgres/text-search-sql.js';

function statementsOf(migration: string): string[] {
  return readFileSync(join(POSTGRES_MIGRATIONS_FOLDER, migration), 'utf8')
    .split('--> statement-breakpoint')
    .map((chunk) => chunk.replace(/^(--[^\n]*\n)+/, '').trim().replace(/;$/, ''));
}

describe('the PostgreSQL search migrations', () => {
  it('creates exactly what src/db/postgres/text-search-sql.ts defines, so search and the schema cannot drift apart', () => {
    expect(statementsOf('0002_search.sql')).toEqual([...TEXT_SEARCH_SQL, `ALTER TABLE recordings ADD COLUMN ${SEARCH_VECTOR_COLUMN_SQL}`, ...SEARCH_INDEX_SQL]);
  });

  it('creates the search table exactly as src/db/postgres/search-table-sql.ts defines it', () => {
    expect(statementsOf('0003_search_table.sql')).toEqual([...SEARCH_TABLE_MIGRATION_SQL]);
  });
});
