/**
 * `recordings serve` as a client sees it on loopback: the server is `bin/recordings serve`, a child
 * process, and the client this process, over keep-alive connections.
 *
 * - search over HTTP against the same search in process (parse, FTS5 check, search, JSON shape), per term;
 * - 20 clients each searching and opening a hit, for 20 s: every request's time, and any error;
 * - start-up: from spawning `serve` to its first answer, against `node -e 0`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import type { Database } from 'better-sqlite3';
import { searchRecordings } from '../src/db/queries/search.js';
import { parseFilters } from '../src/query/filters.js';
import { searchJson } from '../src/query/json-shapes.js';
import { withTextQuery } from '../src/query/sqlite/text-query.js';
import { BIN, cliEnv, runChild } from './process.js';
import type { SearchTerm } from './search.js';
import { type Timing, measure, median, summarise } from './timing.js';

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

/** Starts `bin/recordings serve --port 0` on `dbPath`; resolves once it has printed its URL. */
export function startServe(dbPath: string, workDir: string): Promise<Served & { spawnedAt: number; listeningAt: number }> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: cliEnv(workDir, dbPath), stdio: ['ignore', 'pipe', 'pipe'] });
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

async function measureAsync(work: () => Promise<unknown>, runs: number, budgetMs: number, minRuns = 3): Promise<Timing> {
  await work();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < runs && (times.length < minRuns || performance.now() - started < budgetMs)) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return summarise(times);
}

const searchPath = (text: string) => `/api/v1/recordings?search_text=${encodeURIComponent(text)}`;

/** Each term's top 50 over HTTP, beside the same search in process on `db`. */
export async function benchHttpSearch(db: Database, dbPath: string, workDir: string, terms: SearchTerm[], runs: number): Promise<HttpSearchCase[]> {
  const served = await startServe(dbPath, workDir);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const cases: HttpSearchCase[] = [];
    for (const term of terms) {
      const check = await get(agent, served.url, searchPath(term.match));
      if (check.status !== 200) throw new Error(`serve answered ${check.status} for ${term.match}: ${check.body}`);
      const http = await measureAsync(() => get(agent, served.url, searchPath(term.match)), runs, 20_000);
      const parsed = await parseFilters({ text: term.match }, { now: new Date(), defaultLimit: 50, defaultRegion: null });
      const inProcess = measure(() => {
        const filter = withTextQuery(db, parsed);
        return searchJson(filter ? searchRecordings(db, filter, parsed.page) : { total: 0, hits: [] }, parsed.page, 50);
      }, runs, 20_000);
      cases.push({ term: term.name, http, inProcess });
    }
    return cases;
  } finally {
    agent.destroy();
    await served.stop();
  }
}

/**
 * `clients` loops, each for `seconds`: search one of the terms (newest first or ranked, a page at a
 * random offset within the first 200), then open one of the hits. Every non-200 or failed request is
 * an error.
 */
export async function benchLoad(dbPath: string, workDir: string, terms: SearchTerm[], clients: number, seconds: number): Promise<LoadResult> {
  const served = await startServe(dbPath, workDir);
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
export async function benchServeStart(dbPath: string, workDir: string, term: string, runs: number): Promise<ServeStartResult> {
  const ready: number[] = [];
  const listening: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const served = await startServe(dbPath, workDir);
    const agent = new Agent({ keepAlive: false });
    const answer = await get(agent, served.url, searchPath(term));
    const answeredAt = performance.now();
    await served.stop();
    if (answer.status !== 200) throw new Error(`serve answered ${answer.status}: ${answer.body}`);
    const node = await runChild(process.execPath, ['-e', '0'], cliEnv(workDir, dbPath));
    // The first pair warms the file cache.
    if (i > 0) {
      ready.push(answeredAt - served.spawnedAt);
      listening.push(served.listeningAt - served.spawnedAt);
      bare.push(node.seconds * 1000);
    }
  }
  return { readyMs: median(ready), listeningMs: median(listening), nodeMs: median(bare), runs };
}
