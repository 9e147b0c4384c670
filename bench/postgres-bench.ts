/**
 * The PostgreSQL rows of the benchmark (BENCHMARKS.md, "PostgreSQL"): search, start-up and database
 * size at a size, each beside SQLite measured in the same run; and sync into PostgreSQL beside the
 * sync into SQLite, with `copy --to` of that same synced archive.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../src/db/open.js';
import { openStore } from '../src/db/open-store.js';
import { ensureDataset } from './dataset.js';
import { ensurePostgresDataset } from './postgres-data.js';
import { postgresSearchPlans } from './postgres-plans.js';
import { benchPostgresSearch, postgresProbes } from './postgres-search.js';
import type { PostgresServer } from './postgres-server.js';
import { BIN, cliEnv, runChild } from './process.js';
import { type Row, count, ms, ratio, sizeLabel } from './report.js';
import { phoneProbeDigits, rareTerm } from './search.js';
import { benchStartupBeside, heavyModulesOf } from './startup.js';
import type { SyncIngestResult } from './sync-ingest.js';
import { benchSyncIngest } from './sync-ingest.js';

/** The PostgreSQL goals are set at 100k recordings. */
export const POSTGRES_GOAL_SIZE = 100_000;
/** Within 10 % of the bare query's ratio to SQLite … */
const REFERENCE_SLACK = 1.1;
/** … or, for a search that takes under 2 ms, within 0.5 ms of it. */
const FAST_MS = 2;
const FAST_SLACK_MS = 0.5;
const STARTUP_GOAL = 2.5;

export interface PostgresBenchSettings {
  dataDir: string;
  runs: number;
  startupRuns: number;
  /** Per probe, at most this long (after `minRuns`). */
  budgetMs: number;
  /** Print EXPLAIN (ANALYZE, BUFFERS) of the statements search sends. */
  plans: boolean;
}

function met(size: number, ok: boolean): string {
  return size === POSTGRES_GOAL_SIZE ? (ok ? 'yes' : 'NO') : ok ? '(yes)' : '(no)';
}

export async function benchPostgresSize(server: PostgresServer, size: number, settings: PostgresBenchSettings, log: (line: string) => void): Promise<Row[]> {
  const label = sizeLabel(size);
  const rows: Row[] = [];
  const add = (row: Omit<Row, 'size'>) => rows.push({ size: label, ...row });
  const data = await ensureDataset(settings.dataDir, size, log);
  const workDir = mkdtempSync(join(tmpdir(), 'rec-bench-pg-'));
  try {
    log(`${label}: PostgreSQL data`);
    const pgData = await ensurePostgresDataset(server, data.path, size, log);
    const db = await openDb(data.path);
    const rare = rareTerm(db, size).like;
    const phoneDigits = phoneProbeDigits(db);
    const newestMs = Date.parse(db.prepare('SELECT start_time FROM recordings ORDER BY key DESC LIMIT 1').pluck().get() as string);
    db.close();

    log(`${label}: PostgreSQL search`);
    const probes = postgresProbes({ rare, phoneDigits, newestMs });
    const sqlite = await openStore(data.path);
    const postgres = await openStore(pgData.url);
    try {
      if (settings.plans) log(`${label}: PostgreSQL query plans\n${await postgresSearchPlans(pgData.url, probes)}`);
      const results = await benchPostgresSearch(sqlite, postgres, pgData.url, probes, {
        runs: settings.runs,
        budgetMs: settings.budgetMs,
      });
      for (const { probe, total, sqlite: sq, postgres: pg, bare, cpu } of results) {
        const target = probe.reference * sq.p50;
        const ok = pg.p50 <= REFERENCE_SLACK * target || (pg.p50 < FAST_MS && pg.p50 <= target + FAST_SLACK_MS);
        add({
          measure: `PostgreSQL search ${probe.name} (${count(total)})`,
          value: ms(pg.p50),
          extra: ms(pg.p95),
          baseline: `SQLite ${ms(sq.p50)}; bare PG ${ms(bare.p50)} = ${ratio(bare.p50, sq.p50)}${cpu ? `; CPU ${ratio(cpu.postgres, cpu.sqlite)} (bare ${ratio(cpu.bare, cpu.sqlite)})` : ''}`,
          ratio: ratio(pg.p50, sq.p50),
          goal: `≤ ${(REFERENCE_SLACK * probe.reference).toFixed(2)}× (ref ${probe.reference}×)${target < FAST_MS ? ' or +0.5 ms' : ''}`,
          met: met(size, ok),
        });
      }
    } finally {
      await postgres.close();
      await sqlite.close();
    }

    add({
      measure: `PostgreSQL database size${pgData.reused ? '' : ` (${pgData.loadedBy} in ${pgData.loadSeconds.toFixed(0)} s)`}`,
      value: `${(pgData.bytes / 1024 / size).toFixed(1)} KiB/rec`,
      extra: `${(pgData.bytes / 1e6).toFixed(0)} MB`,
      baseline: '',
      ratio: '',
      goal: '',
      met: '',
    });

    log(`${label}: PostgreSQL start-up`);
    // The SQLite start-up row's term (20 % of the calls, whose search itself is a fair part of the
    // time), and the rare one (start-up alone); the same command on the SQLite file beside it.
    const heavy = await heavyModulesOf(pgData.url, workDir, 'reservation');
    for (const term of ['reservation', rare]) {
      const startup = await benchStartupBeside([data.path, pgData.url], workDir, term, settings.startupRuns);
      const [onSqlite, onPostgres] = startup.searchMs as [number, number];
      add({
        measure: `PostgreSQL start-up: search --text ${term} --json, new process (median of ${settings.startupRuns})`,
        value: ms(onPostgres),
        extra: heavy.length > 0 ? `loads ${heavy.join(', ')}` : 'none of sdk/drizzle/ora/zod/libphonenumber',
        baseline: `node -e 0 ${ms(startup.nodeMs)}; SQLite ${ms(onSqlite)} = ${ratio(onSqlite, startup.nodeMs)}`,
        ratio: ratio(onPostgres, startup.nodeMs),
        goal: `≤ ${STARTUP_GOAL}×`,
        met: met(size, onPostgres / startup.nodeMs <= STARTUP_GOAL),
      });
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * Sync into PostgreSQL right after the sync into SQLite (`sqlite`, whose synced file is copied into
 * PostgreSQL with `copy --to` by `copyOfSqlite`): the rate against half SQLite's, the peak RSS of
 * the sync process against SQLite's, and the copy's time against this sync's.
 */
export async function benchPostgresSync(
  server: PostgresServer,
  size: number,
  sqlite: SyncIngestResult,
  copyOfSqlite: { seconds: number; recordings: number },
  log: (line: string) => void,
): Promise<Row[]> {
  const label = sizeLabel(size);
  log(`${label}: sync ingest into PostgreSQL`);
  const name = 'recordings_bench_sync';
  const url = await server.freshDatabase(name);
  try {
    const sync = await benchSyncIngest(size, { postgresUrl: url });
    const rateOk = sync.perSecond >= sqlite.perSecond / 2;
    const rssOk = sync.peakMb <= sqlite.peakMb;
    const rows: Row[] = [
      {
        size: label,
        measure: `PostgreSQL sync ingest (${count(sync.recordings)} recordings, ${sync.transcripts} transcripts)`,
        value: `${count(sync.perSecond)} rec/s`,
        extra: `${sync.peakMb.toFixed(0)} MB RSS`,
        baseline: `SQLite ${count(sqlite.perSecond)} rec/s, ${sqlite.peakMb.toFixed(0)} MB; ${sync.callLogRequests} call-log requests (min ${sync.minimumRequests})`,
        ratio: ratio(sync.perSecond, sqlite.perSecond),
        goal: '≥ 0.5× SQLite, RSS ≤ SQLite',
        met: met(size, rateOk && rssOk && sync.callLogRequests <= sync.minimumRequests),
      },
      {
        size: label,
        measure: `copy --to PostgreSQL of the SQLite sync's archive (${count(copyOfSqlite.recordings)} recordings)`,
        value: `${copyOfSqlite.seconds.toFixed(1)} s`,
        extra: '',
        baseline: `sync into PostgreSQL ${sync.seconds.toFixed(1)} s`,
        ratio: ratio(copyOfSqlite.seconds, sync.seconds),
        goal: '< sync into PostgreSQL',
        met: met(size, copyOfSqlite.seconds < sync.seconds),
      },
    ];
    return rows;
  } finally {
    await server.dropDatabase(name);
  }
}

/** `recordings copy --to` of the SQLite archive at `database` into a new PostgreSQL database: its wall time. */
export async function timeCopyToPostgres(server: PostgresServer, database: string, workDir: string): Promise<{ seconds: number; recordings: number }> {
  const name = 'recordings_bench_copy';
  const target = await server.freshDatabase(name);
  try {
    const run = await runChild(process.execPath, [BIN, 'copy', '--to', target, '--json'], cliEnv(workDir, database));
    if (run.exitCode !== 0) throw new Error(`copy --to exited with ${run.exitCode}: ${run.stderr.trim().split('\n').pop() ?? ''}`);
    return { seconds: run.seconds, recordings: (JSON.parse(run.stdout) as { recordings: number }).recordings };
  } finally {
    await server.dropDatabase(name);
  }
}
