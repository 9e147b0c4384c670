/**
 * Sync ingest through the whole product path: `bin/recordings sync` as its own process, the real
 * @ringcentral/sdk, the simulator over HTTP on 127.0.0.1 with rate limits off and insights ready at
 * once, transcripts on (the default per-run cap). Measures recordings stored per second of the
 * process's wall time (start-up, login and the transcript phase included), its peak RSS and the
 * call-log requests it made. Into a SQLite file, or into an empty PostgreSQL database
 * (`postgresUrl`); `afterwards` sees the synced archive before it is removed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startSimulator } from '../src/simulator/index.js';
import { withClient } from './postgres-dataset.js';
import { BIN, cliEnv, runChild } from './process.js';

export interface SyncIngestResult {
  recordings: number;
  callLogRecords: number;
  seconds: number;
  perSecond: number;
  peakMb: number;
  callLogRequests: number;
  /** ceil(call-log records / 1000): one request per full page. */
  minimumRequests: number;
  transcripts: number;
}

/** Recordings per generated call (calls without a recording, transfers with two): measured, ~0.65. */
const RECORDINGS_PER_CALL = 0.645;

export interface SyncIngestOptions {
  /** An empty PostgreSQL database to sync into instead of a new SQLite file. */
  postgresUrl?: string;
  /** Runs on the synced archive (its path or URL) before the run's folder is removed. */
  afterwards?: (database: string, workDir: string) => Promise<void>;
}

export async function benchSyncIngest(recordings: number, options: SyncIngestOptions = {}): Promise<SyncIngestResult> {
  const days = 30;
  const sim = await startSimulator({
    seed: 8,
    calls: Math.round(recordings / RECORDINGS_PER_CALL),
    days,
    rateLimits: 'off',
    insightsDelaySeconds: 0,
    requestLogLimit: 1_000_000,
  });
  const dir = mkdtempSync(join(tmpdir(), 'rec-bench-sync-'));
  try {
    const database = options.postgresUrl ?? join(dir, 'recordings.db');
    const env = cliEnv(dir, database, {
      RC_SERVER_URL: sim.url,
      RC_APP_CLIENT_ID: sim.credentials.clientId,
      RC_APP_CLIENT_SECRET: sim.credentials.clientSecret,
      RC_USER_JWT: sim.credentials.jwt,
    });
    // BENCH_NODE_ARGS: Node flags for the sync process, for experiments (e.g. --cpu-prof, --max-old-space-size=128).
    const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
    const run = await runChild(process.execPath, [...nodeArgs, BIN, 'sync', '--since', `${days + 1}d`, '--json'], env);
    if (run.exitCode !== 0) throw new Error(`sync exited with ${run.exitCode}: ${run.stderr.trim().split('\n').pop() ?? ''}`);
    const summary = JSON.parse(run.stdout) as { recordings: { new: number }; transcripts: { fetched: number } };
    const callLogRequests = sim.requests.filter((r) => r.path.endsWith('/call-log')).length;
    const { stored, callLogRecords } = await storedCounts(database, options.postgresUrl !== undefined);
    if (stored !== summary.recordings.new) throw new Error(`sync reported ${summary.recordings.new} new recordings but stored ${stored}`);
    await options.afterwards?.(database, dir);
    return {
      recordings: stored,
      callLogRecords,
      seconds: run.seconds,
      perSecond: stored / run.seconds,
      peakMb: run.peakMb,
      callLogRequests,
      minimumRequests: Math.ceil(callLogRecords / 1000),
      transcripts: summary.transcripts.fetched,
    };
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const COUNTS = 'SELECT count(*) AS stored, count(DISTINCT call_id) AS "callLogRecords" FROM recordings';

async function storedCounts(database: string, postgres: boolean): Promise<{ stored: number; callLogRecords: number }> {
  if (postgres) {
    const row = await withClient(database, async (client) => (await client.query<{ stored: string; callLogRecords: string }>(COUNTS)).rows[0]!);
    return { stored: Number(row.stored), callLogRecords: Number(row.callLogRecords) };
  }
  const db = new BetterSqlite3(database, { readonly: true });
  try {
    return db.prepare(COUNTS).get() as { stored: number; callLogRecords: number };
  } finally {
    db.close();
  }
}
