import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS_FOLDER } from '../../src/db/postgres/migrate.js';
import { SEARCH_INDEX_SQL, SEARCH_VECTOR_COLUMN_SQL, TEXT_SEARCH_SQL } from '../../src/db/postgres/text-search-sql.js';

describe('the PostgreSQL search migration', () => {
  it('creates exactly what src/db/postgres/text-search-sql.ts defines, so search and the schema cannot drift apart', () => {
    const text = readFileSync(join(POSTGRES_MIGRATIONS_FOLDER, '0002_search.sql'), 'utf8');
    const statements = text
      .split('--> statement-breakpoint')
      .map((chunk) => chunk.replace(/^(--[^\n]*\n)+/, '').trim().replace(/;$/, ''));
    expect(statements).toEqual([...TEXT_SEARCH_SQL, `ALTER TABLE recordings ADD COLUMN ${SEARCH_VECTOR_COLUMN_SQL}`, ...SEARCH_INDEX_SQL]);
  });
});
