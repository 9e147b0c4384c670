/**
 * The page's benchmarks (BENCHMARKS.md, "The web page"): the search page's weight (HTML + CSS + JS,
 * uncompressed) and, in Chromium, the time from submitting a search to its first result drawn,
 * against `recordings serve` on an archive of the benchmark's data: the SQLite file, and the same
 * data copied into PostgreSQL (bench/postgres-dataset.ts).
 *
 *   npm run bench:page                      # 100k recordings (built once into .bench-data/), both backends
 *   npm run bench:page -- --size 1M --runs 20 --backend sqlite
 *   npm run bench:page -- --postgres postgres://postgres@127.0.0.1/postgres   # a PostgreSQL server of your own
 *   npm run bench:page -- --quick           # 2k recordings, 3 runs, temp data
 *
 * Needs Debian's chromium (bench/page/chromium.ts). A benchmark, not a test: it prints the figures
 * and whether each meets its goal, and exits 0 unless something failed to run.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { ensureDataset } from '../dataset.js';
import { benchPostgres, ensurePostgresDataset } from '../postgres-dataset.js';
import { type Row, ms, ratio, renderTable, sizeLabel } from '../report.js';
import { termsOf } from '../serve.js';
import { INSTALL_HINT, chromiumInstalled, launchChromium } from './chromium.js';
import { searchToResult } from './search-to-result.js';
import { startServe } from './serve-process.js';
import { pageWeight } from './weight.js';

const WEIGHT_GOAL_BYTES = 100 * 1024;
const DRAWN_GOAL_MS = 300;
const GOAL_SIZE = 100_000;

type BackendName = 'SQLite' | 'PostgreSQL';

export interface PageBenchSettings {
  size: number;
  runs: number;
  dataDir: string;
  temporary: boolean;
  backends: BackendName[];
  /** A PostgreSQL server's admin URL; without it an embedded one is started (bench/postgres-dataset.ts). */
  postgres: string | undefined;
}

export function pageSettingsFrom(argv: string[]): PageBenchSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      size: { type: 'string' },
      runs: { type: 'string' },
      backend: { type: 'string', default: 'both' },
      postgres: { type: 'string' },
    },
  });
  const size = values.size === undefined ? (values.quick ? 2000 : GOAL_SIZE) : parseSize(values.size);
  const backends: BackendName[] = values.backend === 'both' ? ['SQLite', 'PostgreSQL'] : values.backend === 'sqlite' ? ['SQLite'] : values.backend === 'postgres' ? ['PostgreSQL'] : [];
  if (backends.length === 0) throw new Error(`--backend ${values.backend}: expected sqlite, postgres or both`);
  const common = { size, backends, postgres: values.postgres };
  if (values.quick) return { ...common, runs: Number(values.runs ?? 3), dataDir: mkdtempSync(join(tmpdir(), 'rec-bench-page-')), temporary: true };
  return { ...common, runs: Number(values.runs ?? 15), dataDir: '.bench-data', temporary: false };
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!match) throw new Error(`not a size: ${text} (e.g. 100k, 1M, 2000)`);
  return Math.round(Number(match[1]) * ({ '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[match[2] as ''] ?? 1));
}

export async function runPageBench(argv: string[], log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<Row[]> {
  if (!chromiumInstalled()) throw new Error(INSTALL_HINT);
  const settings = pageSettingsFrom(argv);
  mkdirSync(settings.dataDir, { recursive: true });
  const label = sizeLabel(settings.size);
  const rows: Row[] = [];
  const home = mkdtempSync(join(tmpdir(), 'rec-bench-page-home-'));
  const env = (database: string) => ({
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CACHE_HOME: join(home, 'cache'),
    RECORDINGS_DB: database,
  });
  const browser = await launchChromium();
  try {
    log(`${label}: data`);
    const data = await ensureDataset(settings.dataDir, settings.size, log);
    const terms = (await termsOf(data.path, settings.size)).map((t) => ({ name: t.name, text: t.like }));
    if (settings.backends.includes('SQLite')) rows.push(...(await backendRows('SQLite', env(data.path), browser, terms, settings, log)));
    if (settings.backends.includes('PostgreSQL')) {
      const server = await benchPostgres(settings.dataDir, settings.postgres, log);
      try {
        const copy = await ensurePostgresDataset(server.adminUrl, data.path, settings.size, log);
        rows.push(...(await backendRows('PostgreSQL', env(copy.url), browser, terms, settings, log)));
      } finally {
        await server.stop();
      }
    }
  } finally {
    await browser.close();
    rmSync(home, { recursive: true, force: true });
    if (settings.temporary) rmSync(settings.dataDir, { recursive: true, force: true });
  }
  return rows;
}

/** The weight and time-to-first-result rows of `serve` on one backend; PostgreSQL's say so in the measure. */
async function backendRows(
  backend: BackendName,
  env: Record<string, string | undefined>,
  browser: Browser,
  terms: { name: string; text: string }[],
  settings: PageBenchSettings,
  log: (line: string) => void,
): Promise<Row[]> {
  const label = sizeLabel(settings.size);
  const on = backend === 'SQLite' ? '' : ` (${backend})`;
  const goal = (met: boolean, text: string) => ({ goal: text, met: settings.size === GOAL_SIZE ? (met ? 'yes' : 'NO') : met ? '(yes)' : '(no)' });
  const rows: Row[] = [];
  const server = await startServe(env);
  try {
    log(`${label}: page weight${on}`);
    for (const term of [{ name: 'newest', text: '' }, ...terms]) {
      const weight = await pageWeight(server.url, term.text ? new URLSearchParams({ search_text: term.text }).toString() : '');
      rows.push({
        size: label,
        measure: `search page weight${on}: ${term.text ? `${term.name} "${term.text}"` : 'newest, no search'} (${weight.hits} hits)`,
        value: `${(weight.total / 1024).toFixed(1)} KB`,
        extra: `HTML ${(weight.html / 1024).toFixed(1)} KB`,
        baseline: `CSS ${(weight.css / 1024).toFixed(1)} KB, JS ${(weight.js / 1024).toFixed(1)} KB`,
        ratio: '',
        ...goal(weight.total <= WEIGHT_GOAL_BYTES, '≤ 100 KB'),
      });
    }

    log(`${label}: search to first result, in Chromium${on}`);
    for (const term of terms) {
      const result = await searchToResult(browser, server.url, term.text, settings.runs);
      rows.push({
        size: label,
        measure: `submit → first result drawn${on}: ${term.name} "${term.text}" (median of ${result.drawn.runs})`,
        value: ms(result.drawn.p50),
        extra: ms(result.drawn.p95),
        baseline: `HTML received ${ms(result.received.p50)}; server alone ${ms(result.server.p50)}; outside ${ms(result.outside.p50)}`,
        ratio: ratio(result.drawn.p50, result.server.p50),
        // The median, as every goal of the main benchmark; p95 beside it (BENCHMARKS.md).
        ...goal(result.drawn.p50 <= DRAWN_GOAL_MS, `≤ ${DRAWN_GOAL_MS} ms`),
      });
    }
  } finally {
    await server.stop();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // The load average is sampled through the run: on a shared machine it says how far to trust the figures.
  const loads: number[] = [loadavg()[0]!];
  const sampler = setInterval(() => loads.push(loadavg()[0]!), 5000);
  runPageBench(process.argv.slice(2))
    .then((rows) => {
      const load = `load average (1 min) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the run`;
      process.stdout.write(`${new Date().toISOString()} · Node ${process.version} · ${cpus().length} CPUs · ${load}\n\n${renderTable(rows)}\n`);
    })
    .catch((error: Error) => {
      process.stderr.write(`bench:page: ${error.message}\n`);
      process.exitCode = 1;
    })
    .finally(() => clearInterval(sampler));
}
