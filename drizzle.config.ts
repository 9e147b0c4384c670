import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/sqlite/schema.ts',
  out: './migrations',
  // drizzle-kit cannot model FTS5 virtual tables (they live in a hand-written migration): keep
  // `push` and `generate` from trying to drop them.
  tablesFilter: ['!recordings_fts*'],
});
