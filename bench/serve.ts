/**
 * `recordings serve` as a client sees it on loopback (BENCHMARKS.md, "`recordings serve`"): the
 * server is `bin/recordings serve`, a child process, on a SQLite file or a PostgreSQL database, and
 * the client this process, over keep-alive connections.
 *
 * - search over HTTP against the same search in process (parse, search through the archive store,
 *   JSON shape), per term;
 * - 20 clients each searching and opening a hit, for 20 s: every request's time, and any error;
 * - start-up: from spawning `serve` to its first answer, against `node -e 0`.
 *
 * `npm run bench` runs it on the SQLite data sets; `npm run bench:serve` on both backends:
 *
 *   npm run bench:serve                          # 100k, SQLite and PostgreSQL (embedded, kept in .bench-data/postgres)
 *   npm run bench:serve -- --postgres postgres://postgres@127.0.0.1/postgres   # a server of your own
 *   npm run bench:serve -- --backend postgres --size 10k --runs 20
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../src/db/open.js';
import { openStore } from '../src/db/open-store.js';
import { parseFilters } from '../src/query/filters.js';
import { searchJson } from '../src/query/json-shapes.js';
import { ensureDataset } from './dataset.js';
import { benchPostgres, ensurePostgresDataset } from './postgres-dataset.js';
import { BIN, cliEnv, runChild } from './process.js';
import { type Row, count, ms, ratio, renderTable, sizeLabel } from './report.js';
import { FIXED_TERMS, type SearchTerm, rareTerm } from './search.js';
import { type Timing, median, summarise } from './timing.js';

export interface HttpSearchCase {
  term: string;
  http: Timing;
  inProcess: Timing;
}

export interface LoadResult {
  clients: number;
  seconds: number;
  requests: number;
  errors: number;
  firstError: string | null;
  latency: Timing;
}

export interface ServeStartResult {
  /** Spawn to the first answer (200) of a search. */
  readyMs: number;
  /** Spawn to the printed URL. */
  listeningMs: number;
  nodeMs: number;
  runs: number;
}

interface Served {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `bin/recordings serve --port 0` on `database` (a file or a PostgreSQL URL); resolves once it has printed its URL. */
export function startServe(database: string, workDir: string): Promise<Served & { spawnedAt: number; listeningAt: number }> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: cliEnv(workDir, database), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.endsWith('\n')) return;
      resolve({
        url: out.trim(),
        child,
        spawnedAt,
        listeningAt: performance.now(),
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
    void exited.then(() => reject(new Error(`serve exited before printing its URL: ${err.trim()}`)));
  });
}

interface Got {
  status: number;
  body: string;
}

function get(agent: Agent, base: string, path: string): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Two pieces of work timed in turn, one run of each at a time: on a machine whose load changes, both
 * see the same load, so the difference of their medians is the difference of the work.
 */
async function measurePaired(first: () => Promise<unknown>, second: () => Promise<unknown>, runs: number, budgetMs: number, minRuns = 3): Promise<[Timing, Timing]> {
  await first();
  await second();
  const a: number[] = [];
  const b: number[] = [];
  const started = performance.now();
  while (a.length < runs && (a.length < minRuns || performance.now() - started < budgetMs)) {
    let t = performance.now();
    await first();
    a.push(performance.now() - t);
    t = performance.now();
    await second();
    b.push(performance.now() - t);
  }
  return [summarise(a), summarise(b)];
}

const searchPath = (text: string) => `/api/v1/recordings?search_text=${encodeURIComponent(text)}`;

/**
 * Each term's top 50 over HTTP, beside the same search in process on a connection of its own: what
 * `search --json` does but print (the query layer's parse, the archive store's search, the JSON shape).
 */
export async function benchHttpSearch(database: string, workDir: string, terms: SearchTerm[], runs: number): Promise<HttpSearchCase[]> {
  const served = await startServe(database, workDir);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const store = await openStore(database);
  try {
    const cases: HttpSearchCase[] = [];
    for (const term of terms) {
      const check = await get(agent, served.url, searchPath(term.match));
      if (check.status !== 200) throw new Error(`serve answered ${check.status} for ${term.match}: ${check.body}`);
      const [http, inProcess] = await measurePaired(
        () => get(agent, served.url, searchPath(term.match)),
        async () => {
          const parsed = await parseFilters({ text: term.match }, { now: new Date(), defaultLimit: 50, defaultRegion: null });
          return searchJson(await store.search(parsed), parsed.page, 50);
        },
        runs,
        40_000,
      );
      cases.push({ term: term.name, http, inProcess });
    }
    return cases;
  } finally {
    agent.destroy();
    await store.close();
    await served.stop();
  }
}

/**
 * `clients` loops, each for `seconds`: search one of the terms (newest first or ranked, a page at a
 * random offset within the first 200), then open one of the hits. Every non-200 or failed request is
 * an error.
 */
export async function benchLoad(database: string, workDir: string, terms: SearchTerm[], clients: number, seconds: number): Promise<LoadResult> {
  const served = await startServe(database, workDir);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const times: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const fail = (what: string) => {
    errors += 1;
    firstError ??= what;
  };
  const timed = async (path: string): Promise<Got | null> => {
    const t = performance.now();
    try {
      const got = await get(agent, served.url, path);
      times.push(performance.now() - t);
      if (got.status !== 200) fail(`${got.status} for ${path}`);
      return got;
    } catch (error) {
      fail(`${(error as Error).message} for ${path}`);
      return null;
    }
  };
  const until = performance.now() + seconds * 1000;
  let n = 0;
  const client = async () => {
    while (performance.now() < until) {
      n += 1;
      const term = terms[n % terms.length]!;
      const sort = n % 2 === 0 ? 'relevance' : 'newest';
      const found = await timed(`${searchPath(term.match)}&sort=${sort}&limit=20&offset=${(n * 7) % 200}`);
      const hits = found?.status === 200 ? (JSON.parse(found.body) as { recordings: { id: string }[] }).recordings : [];
      const hit = hits[n % Math.max(1, hits.length)];
      if (hit) await timed(`/api/v1/recordings/${encodeURIComponent(hit.id)}`);
    }
  };
  try {
    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, client));
    const elapsed = (performance.now() - started) / 1000;
    return { clients, seconds: elapsed, requests: times.length + errors, errors, firstError, latency: summarise(times) };
  } finally {
    agent.destroy();
    await served.stop();
  }
}

/** From spawning `serve` to the first answer of a search, alternating with `node -e 0`; medians. */
export async function benchServeStart(database: string, workDir: string, term: string, runs: number): Promise<ServeStartResult> {
  const ready: number[] = [];
  const listening: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const served = await startServe(database, workDir);
    const agent = new Agent({ keepAlive: false });
    const answer = await get(agent, served.url, searchPath(term));
    const answeredAt = performance.now();
    await served.stop();
    if (answer.status !== 200) throw new Error(`serve answered ${answer.status}: ${answer.body}`);
    const node = await runChild(process.execPath, ['-e', '0'], cliEnv(workDir, database));
    // The first pair warms the file cache.
    if (i > 0) {
      ready.push(answeredAt - served.spawnedAt);
      listening.push(served.listeningAt - served.spawnedAt);
      bare.push(node.seconds * 1000);
    }
  }
  return { readyMs: median(ready), listeningMs: median(listening), nodeMs: median(bare), runs };
}

/** serve's goals are set at 100k recordings: over HTTP within 2 ms of the search in process, ready within 1 s. */
export const SERVE_GOAL_SIZE = 100_000;
const HTTP_OVERHEAD_GOAL_MS = 2;
const SERVE_READY_GOAL_MS = 1000;
const LOAD_CLIENTS = 20;

export interface ServeRowSettings {
  runs: number;
  startupRuns: number;
  /** How long the 20 clients of the load run search and open recordings. */
  loadSeconds: number;
}

/**
 * The serve rows of one data set: search over HTTP per term, the load, the start. `backend` names
 * the archive in the rows when it is not the SQLite file (`serve (PostgreSQL): …`).
 */
export async function serveRows(
  size: number,
  database: string,
  backend: 'SQLite' | 'PostgreSQL',
  terms: SearchTerm[],
  settings: ServeRowSettings,
  log: (line: string) => void,
): Promise<Row[]> {
  const label = sizeLabel(size);
  const prefix = backend === 'SQLite' ? 'serve' : `serve (${backend})`;
  const goal = (met: boolean, text: string) => ({ goal: text, met: size === SERVE_GOAL_SIZE ? (met ? 'yes' : 'NO') : met ? '(yes)' : '(no)' });
  const rows: Row[] = [];
  const add = (row: Omit<Row, 'size'>) => rows.push({ size: label, ...row });
  const workDir = mkdtempSync(join(tmpdir(), 'rec-bench-serve-'));
  try {
    log(`${label}: ${prefix}: search over HTTP`);
    for (const c of await benchHttpSearch(database, workDir, terms, settings.runs)) {
      const overhead = c.http.p50 - c.inProcess.p50;
      add({
        measure: `${prefix}: GET /api/v1/recordings?search_text= ${c.term}`,
        value: ms(c.http.p50),
        extra: ms(c.http.p95),
        baseline: `in process ${ms(c.inProcess.p50)}`,
        ratio: `${overhead < 0 ? '−' : '+'}${ms(Math.abs(overhead))}`,
        ...goal(overhead <= HTTP_OVERHEAD_GOAL_MS, `≤ in process + ${HTTP_OVERHEAD_GOAL_MS} ms`),
      });
    }
    log(`${label}: ${prefix}: ${LOAD_CLIENTS} clients for ${settings.loadSeconds} s`);
    const load = await benchLoad(database, workDir, terms, LOAD_CLIENTS, settings.loadSeconds);
    add({
      measure: `${prefix}: ${load.clients} clients × ${settings.loadSeconds} s, search + open (${count(load.requests)} requests)`,
      value: ms(load.latency.p50),
      extra: ms(load.latency.p95),
      baseline: `${count(load.requests / load.seconds)} requests/s; ${load.errors} errors${load.firstError ? ` (${load.firstError})` : ''}`,
      ratio: '',
      ...goal(load.errors === 0, 'no error; p95 stated'),
    });
    log(`${label}: ${prefix}: start`);
    const start = await benchServeStart(database, workDir, terms[1]!.match, settings.startupRuns);
    add({
      measure: `${prefix}: spawned to first answer (median of ${start.runs}; URL printed at ${ms(start.listeningMs)})`,
      value: ms(start.readyMs),
      extra: '',
      baseline: `node -e 0 ${ms(start.nodeMs)}`,
      ratio: ratio(start.readyMs, start.nodeMs),
      ...goal(start.readyMs <= SERVE_READY_GOAL_MS, `≤ ${SERVE_READY_GOAL_MS} ms`),
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return rows;
}

/** The search terms of a data set (bench/search.ts): the rare one is picked from the SQLite file's vocabulary. */
export async function termsOf(sqlitePath: string, size: number): Promise<SearchTerm[]> {
  const db = await openDb(sqlitePath);
  try {
    return [rareTerm(db, size), ...FIXED_TERMS];
  } finally {
    db.close();
  }
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!match) throw new Error(`not a size: ${text} (e.g. 100k, 1M, 2000)`);
  return Math.round(Number(match[1]) * ({ '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[match[2] as ''] ?? 1));
}

/** `npm run bench:serve`: the serve rows on a SQLite file and on PostgreSQL, the same data in each. */
export async function runServeBench(argv: string[], log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<Row[]> {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: '100k' },
      runs: { type: 'string', default: '50' },
      'startup-runs': { type: 'string', default: '20' },
      'load-seconds': { type: 'string', default: '20' },
      backend: { type: 'string', default: 'both' },
      postgres: { type: 'string' },
      'data-dir': { type: 'string', default: '.bench-data' },
    },
  });
  const size = parseSize(values.size);
  const backends = values.backend === 'both' ? ['sqlite', 'postgres'] : [values.backend];
  if (!backends.every((b) => b === 'sqlite' || b === 'postgres')) throw new Error(`--backend ${values.backend}: expected sqlite, postgres or both`);
  const settings: ServeRowSettings = { runs: Number(values.runs), startupRuns: Number(values['startup-runs']), loadSeconds: Number(values['load-seconds']) };
  mkdirSync(values['data-dir'], { recursive: true });
  log(`${sizeLabel(size)}: data`);
  const data = await ensureDataset(values['data-dir'], size, log);
  const terms = await termsOf(data.path, size);
  const rows: Row[] = [];
  if (backends.includes('sqlite')) rows.push(...(await serveRows(size, data.path, 'SQLite', terms, settings, log)));
  if (backends.includes('postgres')) {
    const server = await benchPostgres(values['data-dir'], values.postgres, log);
    try {
      const copy = await ensurePostgresDataset(server.adminUrl, data.path, size, log);
      rows.push(...(await serveRows(size, copy.url, 'PostgreSQL', terms, settings, log)));
    } finally {
      await server.stop();
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const loads: number[][] = [loadavg()];
  const sampler = setInterval(() => loads.push(loadavg()), 5000);
  runServeBench(process.argv.slice(2))
    .then((rows) => {
      const one = loads.map((l) => l[0]!);
      const load = `load average (1 min) ${Math.min(...one).toFixed(1)}–${Math.max(...one).toFixed(1)} during the run`;
      process.stdout.write(`${new Date().toISOString()} · Node ${process.version} · ${cpus().length} CPUs · ${load}\n\n${renderTable(rows)}\n`);
    })
    .catch((error: Error) => {
      process.stderr.write(`bench:serve: ${error.stack ?? error.message}\n`);
      process.exitCode = 1;
    })
    .finally(() => clearInterval(sampler));
}
