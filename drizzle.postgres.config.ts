import { defineConfig } from 'drizzle-kit';

/**
 * The PostgreSQL migrations (`npm run db:generate:postgres`). Search lives in a hand-written
 * migration, as FTS5 does on SQLite: keep `push` from touching what drizzle-kit cannot model.
 */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/postgres/schema.ts',
  out: './migrations/postgres',
});
