/**
 * Search on PostgreSQL beside SQLite, in one process, on the same data (postgres-data.ts): each
 * probe through both products' search — the store's `search`, what `recordings search --text X`
 * runs: the top 50 with the total and snippets — and through PostgreSQL's bare query, the floor: one
 * plain statement with the GIN match, ts_rank, ts_headline of the whole transcript for the 50 rows
 * shown and the exact count, the tsquery given ready-made. The three are run in turn, run after run,
 * so that all see the same machine load.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { prefixRange } from '../src/db/phone-digits.js';
import { ftsExpressionForPostgres } from '../src/db/postgres/fts-expression.js';
import { textCondition } from '../src/db/postgres/tsquery.js';
import { LISTING_COLUMNS } from '../src/db/queries/recording-columns.js';
import { MATCH_END, MATCH_START } from '../src/db/queries/search.js';
import type { ArchiveStore, RecordingQuery } from '../src/db/store.js';
import type { PostgresStore } from '../src/db/postgres/store.js';
import { type Timing, median, summarise } from './timing.js';

export interface PostgresProbe {
  name: string;
  query: RecordingQuery;
  /**
   * PostgreSQL 18's bare query ÷ this project's SQLite search, measured when PostgreSQL support was
   * planned: the product's search on PostgreSQL should stay within 10 % of it.
   */
  reference: number;
}

export interface PostgresProbeResult {
  probe: PostgresProbe;
  total: number;
  sqlite: Timing;
  postgres: Timing;
  bare: Timing;
  /**
   * Median CPU time per search, in ms: this process's, plus for PostgreSQL its backend's, when the
   * server runs on this machine (null otherwise). On a busy machine a search's wall time includes
   * waiting for a core, twice over on PostgreSQL (client and server); CPU time does not.
   */
  cpu: { sqlite: number; postgres: number; bare: number } | null;
}

/** The probes of the PostgreSQL goals: the search terms of search.ts, and the phone suffix of benchPhone. */
export function postgresProbes(terms: { rare: string; phoneDigits: string; newestMs: number }): PostgresProbe[] {
  const ranked = (text: string): RecordingQuery => ({ text, filter: {}, page: { sort: 'relevance', limit: 50, offset: 0 } });
  const newest = { sort: 'newest', limit: 50, offset: 0 } as const;
  return [
    { name: 'rare ranked', query: ranked(terms.rare), reference: 2.7 },
    { name: 'medium ranked', query: ranked('airport'), reference: 3.5 },
    { name: 'phrase ranked', query: ranked('"my sister"'), reference: 1.8 },
    { name: 'common ranked', query: ranked('cancel'), reference: 3.9 },
    { name: 'common newest', query: { text: 'cancel', filter: {}, page: newest }, reference: 6.0 },
    {
      name: 'common newest + inbound, last 90 days',
      query: { text: 'cancel', filter: { direction: 'Inbound', fromMs: terms.newestMs - 90 * 86_400_000 }, page: newest },
      reference: 2.6,
    },
    { name: `phone suffix …${terms.phoneDigits}`, query: { text: null, filter: { phoneDigits: terms.phoneDigits }, page: newest }, reference: 1.8 },
  ];
}

export interface PostgresSearchOptions {
  runs: number;
  /** Stop a probe's runs after this long (at least `minRuns` of each). */
  budgetMs: number;
  minRuns?: number;
}

export async function benchPostgresSearch(
  sqlite: ArchiveStore,
  postgres: ArchiveStore,
  postgresUrl: string,
  probes: PostgresProbe[],
  options: PostgresSearchOptions,
): Promise<PostgresProbeResult[]> {
  const bareClient = new pg.Client({ connectionString: postgresUrl });
  await bareClient.connect();
  // The product's backend: the store's one connection (src/db/postgres/session.ts).
  const productBackend = backendPid((postgres as Partial<PostgresStore>).session?.client);
  try {
    const results: PostgresProbeResult[] = [];
    for (const probe of probes) {
      const bare = await bareQuery(bareClient, probe.query);
      const expected = await sqlite.search(probe.query);
      const found = await postgres.search(probe.query);
      sameResult(probe, expected, found, await bare());
      const work = [() => sqlite.search(probe.query), () => postgres.search(probe.query), bare];
      const backends = [null, productBackend, backendPid(bareClient)];
      // Warm-up: each twice (caches, the prepared statements, the planner's first choices).
      for (let i = 0; i < 2; i++) for (const run of work) await run();
      const times: number[][] = [[], [], []];
      const cpu: (number | null)[][] = [[], [], []];
      const started = performance.now();
      const minRuns = options.minRuns ?? 3;
      while (times[0]!.length < options.runs && (times[0]!.length < minRuns || performance.now() - started < options.budgetMs)) {
        for (const [i, run] of work.entries()) {
          const server = backendCpuMs(backends[i]);
          const client = process.cpuUsage();
          const t = performance.now();
          await run();
          times[i]!.push(performance.now() - t);
          const used = process.cpuUsage(client);
          const serverAfter = backendCpuMs(backends[i]);
          cpu[i]!.push(server === null || serverAfter === null ? (i === 0 ? (used.user + used.system) / 1000 : null) : (used.user + used.system) / 1000 + serverAfter - server);
        }
      }
      const cpuMedian = (i: number) => (cpu[i]!.includes(null) ? null : median(cpu[i] as number[]));
      const [sq, pgCpu, bareCpu] = [cpuMedian(0), cpuMedian(1), cpuMedian(2)];
      results.push({
        probe,
        total: expected.total,
        sqlite: summarise(times[0]!),
        postgres: summarise(times[1]!),
        bare: summarise(times[2]!),
        cpu: sq !== null && pgCpu !== null && bareCpu !== null ? { sqlite: sq, postgres: pgCpu, bare: bareCpu } : null,
      });
    }
    return results;
  } finally {
    await bareClient.end();
  }
}

/** The server process of a connection (node-postgres keeps it from the server's BackendKeyData). */
function backendPid(client: pg.Client | undefined): number | null {
  return (client as { processID?: number } | undefined)?.processID ?? null;
}

/** CPU time a PostgreSQL backend on this machine has used, in ms (/proc/<pid>/schedstat); null when it cannot be read. */
function backendCpuMs(pid: number | null | undefined): number | null {
  if (pid === null || pid === undefined) return null;
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

/** The same matches on both backends; where the order is the key's, the same hits in the same order. */
function sameResult(
  probe: PostgresProbe,
  sqlite: Awaited<ReturnType<ArchiveStore['search']>>,
  postgres: Awaited<ReturnType<ArchiveStore['search']>>,
  bare: { total: number; ids: string[] },
): void {
  const differs = (what: string) => new Error(`PostgreSQL's search for ${probe.name} differs from SQLite's: ${what}`);
  if (postgres.total !== sqlite.total) throw differs(`total ${postgres.total} vs ${sqlite.total}`);
  if (bare.total !== sqlite.total) throw differs(`the bare query's total ${bare.total} vs ${sqlite.total}`);
  if (postgres.hits.length !== sqlite.hits.length) throw differs(`${postgres.hits.length} hits vs ${sqlite.hits.length}`);
  if (probe.query.page.sort !== 'relevance') {
    const ids = (result: typeof sqlite) => result.hits.map((hit) => hit.id).join(' ');
    if (ids(postgres) !== ids(sqlite)) throw differs('the hits of a newest-first page');
  }
}

/**
 * The floor: a plain statement as one would write it by hand, unprepared, one round trip: the count
 * and the page (ts_rank order, or newest first), with ts_headline over the whole transcript of each
 * of the 50 rows. The tsquery is the product's own (tsquery.ts), made once beforehand, so both
 * find the same recordings.
 */
async function bareQuery(client: pg.Client, query: RecordingQuery): Promise<() => Promise<{ total: number; ids: string[] }>> {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const where: string[] = [];
  let snippet = 'coalesce(summary, substr(transcript, 1, 161))';
  let rank: string | null = null;
  if (query.text !== null) {
    const condition = await textCondition(client, ftsExpressionForPostgres(query.text)!);
    if (!condition || condition.recheck) throw new Error(`the bare query takes a plain tsquery: ${query.text}`);
    const tsquery = `${param(condition.tsquery)}::tsquery`;
    where.push(`search_vector @@ ${tsquery}`);
    rank = `ts_rank(search_vector, ${tsquery})`;
    snippet = `ts_headline('recordings_fts', transcript, ${tsquery}, ${param(`StartSel="${MATCH_START}", StopSel="${MATCH_END}", MaxWords=16, MinWords=6`)})`;
  }
  const { direction, fromMs, phoneDigits } = query.filter;
  if (direction) where.push(`direction = ${param(direction)}`);
  if (fromMs !== undefined && fromMs !== null) where.push(`key >= ${param(fromMs * 1000)}::bigint`);
  if (phoneDigits) {
    const [low, high] = prefixRange([...phoneDigits].reverse().join(''));
    const range = (column: string) => `(${column} COLLATE "C" >= ${param(low)} AND ${column} COLLATE "C" < ${param(high)})`;
    where.push(`(${range('from_digits_reversed')} OR ${range('to_digits_reversed')})`);
  }
  const condition = where.join(' AND ');
  const order = query.page.sort === 'relevance' && rank ? 'score DESC, key DESC' : 'key DESC';
  const text = `SELECT (SELECT count(*) FROM recordings WHERE ${condition}) AS total, r.key, ${LISTING_COLUMNS}, ${snippet} AS snippet
    FROM (SELECT key${rank ? `, ${rank} AS score` : ''} FROM recordings WHERE ${condition} ORDER BY ${order} LIMIT 50) page
    JOIN recordings r USING (key) ORDER BY ${order.replace('key', 'r.key')}`;
  return async () => {
    const rows = (await client.query<{ total: string; id: string }>(text, values)).rows;
    return { total: Number(rows[0]?.total ?? 0), ids: rows.map((row) => row.id) };
  };
}
