/**
 * EXPLAIN (ANALYZE, BUFFERS) of every statement the product's PostgreSQL search sends for each
 * probe (printed by `--plans`): the statements are caught on their way to the server and run again
 * under EXPLAIN with the same values.
 */
import pg from 'pg';
import { ftsExpressionForPostgres } from '../src/db/postgres/fts-expression.js';
import { type Queryable } from '../src/db/postgres/queryable.js';
import { searchRecordingsPostgres } from '../src/db/postgres/search.js';
import type { PostgresProbe } from './postgres-search.js';

export async function postgresSearchPlans(url: string, probes: PostgresProbe[]): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const sections: string[] = [];
    for (const probe of probes) {
      const sent: { text: string; values: unknown[] }[] = [];
      const catching: Queryable = {
        query: (query) => {
          sent.push({ text: query.text, values: query.values ?? [] });
          return client.query(query) as never;
        },
      };
      const { text, filter, page } = probe.query;
      await searchRecordingsPostgres(catching, { ...filter, match: text === null ? undefined : ftsExpressionForPostgres(text)! }, page);
      for (const [i, statement] of sent.entries()) {
        if (!/^\s*(WITH|SELECT)\b/.test(statement.text)) continue;
        const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
        sections.push(
          `${probe.name}, statement ${i + 1}\n  ${statement.text.replace(/\s+/g, ' ')}\n${plan.rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n')}`,
        );
      }
    }
    return sections.join('\n\n');
  } finally {
    await client.end();
  }
}
