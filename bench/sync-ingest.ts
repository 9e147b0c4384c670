/**
 * Sync ingest through the whole product path: `bin/recordings sync` as its own process, the real
 * @ringcentral/sdk, the simulator over HTTP on 127.0.0.1 with rate limits off and insights ready at
 * once, transcripts on (the default per-run cap). Measures recordings stored per second of the
 * process's wall time (start-up, login and the transcript phase included), its peak RSS and the
 * call-log requests it made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startSimulator } from '../src/simulator/index.js';
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

export async function benchSyncIngest(recordings: number): Promise<SyncIngestResult> {
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
    const database = join(dir, 'recordings.db');
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
    const db = new BetterSqlite3(database, { readonly: true });
    const stored = db.prepare('SELECT count(*) FROM recordings').pluck().get() as number;
    const callLogRecords = db.prepare('SELECT count(DISTINCT call_id) FROM recordings').pluck().get() as number;
    db.close();
    if (stored !== summary.recordings.new) throw new Error(`sync reported ${summary.recordings.new} new recordings but stored ${stored}`);
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
