/**
 * CLI start-up: `recordings search --text X --json` as a new process against `node -e 0`, run
 * alternately so both see the same machine load; the median of each.
 */
import { BIN, cliEnv, runChild } from './process.js';
import { median } from './timing.js';

export interface StartupResult {
  searchMs: number;
  nodeMs: number;
  ratio: number;
  runs: number;
  /** Modules of @ringcentral/sdk, drizzle-orm, ora or zod the search process loaded (should be none). */
  heavyModules: string[];
}

export async function benchStartup(dbPath: string, workDir: string, term: string, runs: number): Promise<StartupResult> {
  const env = cliEnv(workDir, dbPath);
  const search: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const a = await runChild(process.execPath, [BIN, 'search', '--text', term, '--json'], env);
    if (a.exitCode !== 0) throw new Error(`search exited with ${a.exitCode}: ${a.stderr.trim()}`);
    const b = await runChild(process.execPath, ['-e', '0'], env);
    // The first pair warms the file cache.
    if (i > 0) {
      search.push(a.seconds * 1000);
      bare.push(b.seconds * 1000);
    }
  }
  const searchMs = median(search);
  const nodeMs = median(bare);
  return { searchMs, nodeMs, ratio: searchMs / nodeMs, runs, heavyModules: await loadedHeavyModules(dbPath, workDir, term) };
}

/** Runs the search once more with a loader hook that lists every module resolved. */
async function loadedHeavyModules(dbPath: string, workDir: string, term: string): Promise<string[]> {
  const hook =
    "data:text/javascript,export async function resolve(s,c,n){const r=await n(s,c);if(/node_modules\\/(@ringcentral|drizzle-orm|ora|zod|libphonenumber-js)\\//.test(r.url))process.stderr.write('HEAVY '+r.url+'\\n');return r}";
  const register = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(hook)});`;
  const run = await runChild(process.execPath, ['--import', register, BIN, 'search', '--text', term, '--json'], cliEnv(workDir, dbPath));
  if (run.exitCode !== 0) throw new Error(`search exited with ${run.exitCode}: ${run.stderr.trim()}`);
  const found = run.stderr
    .split('\n')
    .filter((l) => l.startsWith('HEAVY '))
    .map((l) => {
      const parts = l.slice(6).replace(/^.*node_modules\//, '').split('/');
      return parts.slice(0, parts[0]!.startsWith('@') ? 2 : 1).join('/');
    });
  return [...new Set(found)];
}

/**
 * `search --text <term> --json` as a new process on each of `databases`, and `node -e 0`, in turn
 * round after round so that all see the same machine load: the median of each (the first round warms
 * the caches and is left out).
 */
export async function benchStartupBeside(databases: string[], workDir: string, term: string, runs: number): Promise<{ nodeMs: number; searchMs: number[] }> {
  const bare: number[] = [];
  const search: number[][] = databases.map(() => []);
  for (let i = 0; i < runs + 1; i++) {
    const b = await runChild(process.execPath, ['-e', '0'], cliEnv(workDir, databases[0]!));
    for (const [d, database] of databases.entries()) {
      const a = await runChild(process.execPath, [BIN, 'search', '--text', term, '--json'], cliEnv(workDir, database));
      if (a.exitCode !== 0) throw new Error(`search exited with ${a.exitCode}: ${a.stderr.trim()}`);
      if (i > 0) search[d]!.push(a.seconds * 1000);
    }
    if (i > 0) bare.push(b.seconds * 1000);
  }
  return { nodeMs: median(bare), searchMs: search.map(median) };
}

/** The heavy modules `search --text <term> --json` loads on `database` (none, when the query path is lean). */
export function heavyModulesOf(database: string, workDir: string, term: string): Promise<string[]> {
  return loadedHeavyModules(database, workDir, term);
}
