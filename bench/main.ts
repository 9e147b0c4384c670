/**
 * The benchmarks of issue 8 (BENCHMARKS.md): search, CLI start-up, sync ingest, export, stats,
 * database size and `serve` at each size, every figure beside the floor or baseline measured in the
 * same run.
 *
 *   npm run bench                                   # 10k, 100k and 1M (1M data built once into .bench-data/)
 *   npm run bench -- --sizes 10k,100k --sync 100k   # choose sizes; --sync sizes for the ingest run
 *   npm run bench -- --quick                        # 2k recordings (300 on PostgreSQL), few runs, temp data
 *   npm run bench -- --plans                        # also print EXPLAIN QUERY PLAN of the hot queries
 *   npm run bench -- --postgres-sizes 100k,1M       # PostgreSQL beside SQLite at these sizes ('' for none)
 *   npm run bench -- --postgres postgres://…        # on this server instead of an embedded one
 *   npm run bench -- --sqlite-only                  # no PostgreSQL
 *
 * A benchmark, not a test: it prints figures and whether each meets its goal, and exits 0 unless
 * something failed to run. `--json FILE` also writes the rows as JSON.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from 'better-sqlite3';
import { openDb } from '../src/db/open.js';
import { ensureDataset } from './dataset.js';
import { benchExport } from './export.js';
import { hotQueryPlans } from './plans.js';
import { type Row, count, ms, ratio, renderTable, sizeLabel } from './report.js';
import { FIXED_TERMS, benchPhone, benchSearch, rareTerm } from './search.js';
import { serveRows } from './serve.js';
import { benchStartup } from './startup.js';
import { benchStats, databaseSize } from './stats-size.js';
import { benchSyncIngest } from './sync-ingest.js';
import { benchPostgresSize, benchPostgresSync, timeCopyToPostgres } from './postgres-bench.js';
import { type PostgresServer, startPostgres } from './postgres-server.js';

const SEARCH_GOALS_MS: Record<string, number> = { rare: 2, medium: 20, phrase: 40, common: 50 };
const NEWEST_GOAL_MS = 5;
const GOAL_SIZE = 1_000_000;

interface Settings {
  sizes: number[];
  syncSizes: number[];
  runs: number;
  likeRuns: number;
  startupRuns: number;
  /** How long the 20 clients of the load run search and open recordings. */
  loadSeconds: number;
  dataDir: string;
  temporary: boolean;
  json: string | undefined;
  plans: boolean;
  /** Sizes measured on PostgreSQL too; sync on PostgreSQL runs beside every SQLite sync when any is given. */
  postgresSizes: number[];
  /** A server to use (`--postgres`); otherwise an embedded one. */
  postgresUrl: string | undefined;
  /** `--sqlite-only`: no PostgreSQL at all. */
  sqliteOnly: boolean;
}

function sizesOf(text: string): number[] {
  return text.split(',').filter(Boolean).map(parseSize);
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!match) throw new Error(`not a size: ${text} (e.g. 10k, 1M, 2000)`);
  const scale = { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[match[2] as '' | 'k'];
  return Math.round(Number(match[1]) * scale);
}

function settingsFrom(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      sync: { type: 'string' },
      runs: { type: 'string' },
      json: { type: 'string' },
      plans: { type: 'boolean', default: false },
      postgres: { type: 'string' },
      'postgres-sizes': { type: 'string' },
      'sqlite-only': { type: 'boolean', default: false },
    },
  });
  const postgresUrl = values.postgres;
  if (values.quick) {
    return {
      sizes: sizesOf(values.sizes ?? '2000'),
      // Small enough that the sync into each backend (and the copy between them) takes seconds.
      syncSizes: sizesOf(values.sync ?? '150'),
      runs: Number(values.runs ?? 5),
      likeRuns: 1,
      startupRuns: 3,
      loadSeconds: 2,
      dataDir: mkdtempSync(join(tmpdir(), 'rec-bench-')),
      temporary: true,
      json: values.json,
      plans: values.plans,
      // Copied into PostgreSQL at the start of every run: a few hundred recordings copy in a second or two.
      postgresSizes: sizesOf(values['postgres-sizes'] ?? '300'),
      postgresUrl,
      sqliteOnly: values['sqlite-only'],
    };
  }
  return {
    sizes: sizesOf(values.sizes ?? '10k,100k,1M'),
    syncSizes: sizesOf(values.sync ?? '100k'),
    runs: Number(values.runs ?? 50),
    likeRuns: 3,
    startupRuns: 20,
    loadSeconds: 20,
    dataDir: '.bench-data',
    temporary: false,
    json: values.json,
    plans: values.plans,
    postgresSizes: sizesOf(values['postgres-sizes'] ?? '100k'),
    postgresUrl,
    sqliteOnly: values['sqlite-only'],
  };
}

function goal(size: number, met: boolean, text: string, goalSize = GOAL_SIZE): { goal: string; met: string } {
  return { goal: text, met: size === goalSize ? (met ? 'yes' : 'NO') : met ? '(yes)' : '(no)' };
}

async function benchSize(size: number, settings: Settings, log: (line: string) => void): Promise<Row[]> {
  const label = sizeLabel(size);
  const rows: Row[] = [];
  const add = (row: Omit<Row, 'size'>) => rows.push({ size: label, ...row });
  log(`${label}: data`);
  const data = await ensureDataset(settings.dataDir, size, log);
  const db: Database = await openDb(data.path);
  const workDir = mkdtempSync(join(tmpdir(), 'rec-bench-run-'));
  try {
    db.pragma('optimize');
    const newestMs = Date.parse(db.prepare('SELECT start_time FROM recordings ORDER BY key DESC LIMIT 1').pluck().get() as string);
    const terms = [rareTerm(db, size), ...FIXED_TERMS];
    if (settings.plans) log(`${label}: query plans\n${hotQueryPlans(db, 'cancel', '0100')}`);

    log(`${label}: search`);
    for (const c of benchSearch(db, terms, { runs: settings.runs, likeRuns: settings.likeRuns, newestMs })) {
      const limit = c.variant.startsWith('newest') ? NEWEST_GOAL_MS : SEARCH_GOALS_MS[c.term]!;
      const pct = ((100 * c.matches) / size).toFixed(c.matches * 100 < size ? 3 : 1);
      add({
        measure: `search ${c.term} (${count(c.matches)} = ${pct} %) ${c.variant}`,
        value: ms(c.product.p50),
        extra: ms(c.product.p95),
        baseline: `fts5 ${ms(c.floor.p50)}${c.like ? `; LIKE ${ms(c.like.p50)}` : ''}`,
        ratio: ratio(c.product.p50, c.floor.p50),
        ...goal(size, c.product.p50 <= limit, `≤ ${limit} ms`),
      });
    }
    const phone = benchPhone(db, { runs: settings.runs, likeRuns: settings.likeRuns, newestMs });
    add({
      measure: `phone suffix …${phone.digits} (${count(phone.matches)})`,
      value: ms(phone.product.p50),
      extra: ms(phone.product.p95),
      baseline: phone.like ? `LIKE ${ms(phone.like.p50)}` : '',
      ratio: phone.like ? ratio(phone.product.p50, phone.like.p50) : '',
      ...goal(size, phone.product.p50 <= 1, '≤ 1 ms'),
    });

    log(`${label}: stats`);
    const stats = benchStats(db, Math.min(settings.runs, 20));
    add({
      measure: 'stats (whole archive)',
      value: ms(stats.product.p50),
      extra: ms(stats.product.p95),
      baseline: `table scan ${ms(stats.tableScan.p50)}`,
      ratio: ratio(stats.product.p50, stats.tableScan.p50),
      ...goal(size, stats.product.p50 <= 300, '≤ 300 ms'),
    });

    log(`${label}: size`);
    const bytes = databaseSize(db, data.path, size);
    add({
      measure: `database size (FTS ${bytes.ftsSegments} segments)`,
      value: `${(bytes.bytesPerRecording / 1024).toFixed(1)} KiB/rec`,
      extra: `${(bytes.fileBytes / 1e6).toFixed(0)} MB`,
      baseline: `FTS ${(bytes.ftsShare * 100).toFixed(1)} %`,
      ratio: '',
      goal: '',
      met: '',
    });

    log(`${label}: start-up`);
    const startup = await benchStartup(data.path, workDir, 'reservation', settings.startupRuns);
    add({
      measure: `start-up: search --json, new process (median of ${startup.runs})`,
      value: ms(startup.searchMs),
      extra: startup.heavyModules.length > 0 ? `loads ${startup.heavyModules.join(', ')}` : 'none of sdk/drizzle/ora/zod/libphonenumber',
      baseline: `node -e 0 ${ms(startup.nodeMs)}`,
      ratio: ratio(startup.searchMs, startup.nodeMs),
      ...goal(size, startup.ratio <= 1.6 && startup.heavyModules.length === 0, '≤ 1.6×, none loaded'),
    });

    log(`${label}: serve`);
    rows.push(...(await serveRows(size, data.path, 'SQLite', terms, settings, log)));

    log(`${label}: export`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const exported = await benchExport(db, data.path, size);
    add({
      measure: `export CSV (${exported.megabytes.toFixed(0)} MB)`,
      value: `${count(exported.rowsPerSecond)} rows/s`,
      extra: `${exported.peakMb.toFixed(0)} MB RSS`,
      baseline: `read ${count(exported.readFloorRowsPerSecond)} rows/s`,
      ratio: ratio(exported.rowsPerSecond, exported.readFloorRowsPerSecond),
      ...goal(size, exported.rowsPerSecond >= 110_000 && exported.peakMb <= 150, '≥ 110k rows/s, ≤ 150 MB'),
    });
  } finally {
    db.close();
    rmSync(workDir, { recursive: true, force: true });
  }
  return rows;
}

async function benchSync(size: number, server: PostgresServer | null, log: (line: string) => void): Promise<Row[]> {
  log(`${sizeLabel(size)}: sync ingest`);
  let copy: { seconds: number; recordings: number } | null = null;
  const sync = await benchSyncIngest(size, {
    afterwards: async (database, workDir) => {
      if (!server) return;
      log(`${sizeLabel(size)}: copy --to PostgreSQL`);
      copy = await timeCopyToPostgres(server, database, workDir);
    },
  });
  const met = sync.perSecond >= 5000 && sync.peakMb <= 200 && sync.callLogRequests <= sync.minimumRequests;
  const row: Row = {
    size: sizeLabel(size),
    measure: `sync ingest (${count(sync.recordings)} recordings, ${count(sync.callLogRecords)} call-log records, ${sync.transcripts} transcripts)`,
    value: `${count(sync.perSecond)} rec/s`,
    extra: `${sync.peakMb.toFixed(0)} MB RSS`,
    baseline: `${sync.callLogRequests} call-log requests (min ${sync.minimumRequests})`,
    ratio: '',
    goal: '≥ 5,000/s, ≤ 200 MB, min requests',
    met: size >= 100_000 ? (met ? 'yes' : 'NO') : met ? '(yes)' : '(no)',
  };
  return server && copy ? [row, ...(await benchPostgresSync(server, size, sync, copy, log))] : [row];
}

export async function runBench(argv: string[], log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<Row[]> {
  const settings = settingsFrom(argv);
  mkdirSync(settings.dataDir, { recursive: true });
  const rows: Row[] = [];
  let server: PostgresServer | null = null;
  try {
    for (const size of settings.sizes) rows.push(...(await benchSize(size, settings, log)));
    if (!settings.sqliteOnly && settings.postgresSizes.length + settings.syncSizes.length > 0) {
      log(settings.postgresUrl ? 'PostgreSQL: the server given' : 'PostgreSQL: starting an embedded server');
      server = await startPostgres(settings.dataDir, settings.postgresUrl, settings.temporary, log);
      const postgresSettings = { dataDir: settings.dataDir, runs: settings.runs, startupRuns: settings.startupRuns, budgetMs: settings.temporary ? 2_000 : 30_000, plans: settings.plans };
      for (const size of settings.postgresSizes) rows.push(...(await benchPostgresSize(server, size, postgresSettings, log)));
    }
    for (const size of settings.syncSizes) rows.push(...(await benchSync(size, server, log)));
  } finally {
    await server?.dropMade();
    await server?.stop();
    if (settings.temporary) rmSync(settings.dataDir, { recursive: true, force: true });
  }
  if (settings.json) writeFileSync(settings.json, `${JSON.stringify(rows, null, 2)}\n`);
  return rows;
}

function environment(): string {
  const cpu = cpus();
  return `${new Date().toISOString()} · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runBench(process.argv.slice(2))
    .then((rows) => {
      process.stdout.write(`${environment()}\n\n${renderTable(rows)}\n`);
    })
    .catch((error: Error) => {
      process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
      process.exit(1);
    });
}
