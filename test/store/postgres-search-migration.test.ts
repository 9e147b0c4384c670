import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS_FOLDER } from '../../src/db/postgres/schema-state.js';
import { SEARCH_TABLE_MIGRATION_SQL } from '../../src/db/postgres/search-table-sql.js';
import { FOLD_UPGRADE_SQL, SEARCH_INDEX_SQL, SEARCH_VECTOR_COLUMN_SQL, TEXT_SEARCH_SQL } from '../../src/db/postgres/text-search-sql.js';

/** A hand-written migration's statements, without its leading comments and closing semicolons. */
function statements(file: string): string[] {
  return readFileSync(join(POSTGRES_MIGRATIONS_FOLDER, file), 'utf8')
    .split('--> statement-breakpoint')
    .map((chunk) => chunk.replace(/^(--[^\n]*\n)+/, '').trim().replace(/;$/, ''));
}

describe('the PostgreSQL search migrations', () => {
  it('create exactly what src/db/postgres/text-search-sql.ts defines, so search and the schema cannot drift apart', () => {
    expect(statements('0002_search.sql')).toEqual([...TEXT_SEARCH_SQL, `ALTER TABLE recordings ADD COLUMN ${SEARCH_VECTOR_COLUMN_SQL}`, ...SEARCH_INDEX_SQL]);
  });

  it('bring an archive made before to the same fold, so an old archive and a new one search alike', () => {
    expect(statements('0003_search_fold.sql')).toEqual([...FOLD_UPGRADE_SQL]);
    expect(FOLD_UPGRADE_SQL[0]).toBe(TEXT_SEARCH_SQL.find((statement) => statement.startsWith('CREATE FUNCTION recordings_fts_fold('))!.replace('CREATE', 'CREATE OR REPLACE'));
  });

  it('create the search table exactly as src/db/postgres/search-table-sql.ts defines it', () => {
    expect(statements('0004_search_table.sql')).toEqual([...SEARCH_TABLE_MIGRATION_SQL]);
  });
});
