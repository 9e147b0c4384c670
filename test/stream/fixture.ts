import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../../src/db/store.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { archiveTarget, queryRows } from '../helpers/backends.js';
import { BIN, cli } from '../helpers/run-cli.js';
import { simulatorEnv } from '../helpers/simulator-env.js';

export type Env = Record<string, string | undefined>;

export interface StreamFixture {
  sim: Simulator;
  dir: string;
  /** Environment with the simulator's credentials (RC_*), an isolated home and the synced database. */
  env: Env;
  /** Recording ids in the database, with their call and session ids. */
  recordings: Array<{ id: string; callId: string; telephonySessionId: string | null }>;
  stop(): Promise<void>;
}

/** A simulator with a few dozen calls, synced (metadata only, or with `--audio`) into a fresh archive on `backend` (SQLite by default). */
export async function syncedFixture(options: { audio?: boolean; seed?: number; backend?: Backend } = {}): Promise<StreamFixture> {
  const sim = await startSimulator({ calls: 40, days: 2, seed: options.seed ?? 7 });
  const dir = mkdtempSync(join(tmpdir(), 'rec-'));
  const env = simulatorEnv(dir, sim, {
    RECORDINGS_DB: await archiveTarget(options.backend ?? 'sqlite', dir),
  });
  const args = ['sync', '--since', '2d', '--no-transcripts', ...(options.audio ? ['--audio'] : [])];
  const synced = await cli(args, env);
  if (synced.exitCode !== 0) throw new Error(`sync failed: ${synced.stderr}`);
  const recordings = await queryRows<StreamFixture['recordings'][number]>(
    env.RECORDINGS_DB!,
    'SELECT id, call_id AS "callId", telephony_session_id AS "telephonySessionId" FROM recordings ORDER BY key',
  );
  if (recordings.length < 5) throw new Error(`expected a few dozen recordings, got ${recordings.length}`);
  return {
    sim,
    dir,
    env,
    recordings,
    stop: async () => {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Requests the simulator received for a recording's content, from index `since` on. */
export function contentRequests(sim: Simulator, recordingId: string, since = 0) {
  return sim.requests.slice(since).filter((request) => request.path.endsWith(`/recording/${recordingId}/content`));
}

export async function auditRows(env: Env): Promise<Array<{ action: string; recording_id: string | null; details: Record<string, unknown> }>> {
  const rows = await queryRows<{ action: string; recording_id: string | null; details: string }>(
    env.RECORDINGS_DB!,
    "SELECT action, recording_id, details FROM audit_log WHERE action = 'stream' ORDER BY id",
  );
  return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
}

/**
 * A fake player: a node script that records its arguments, its environment and the sha256 of the
 * file it was given (its last argument), then exits with `exitCode`.
 */
export function fakePlayer(dir: string, exitCode = 0): { command: string; record: () => PlayerRecord } {
  const script = join(dir, 'fake player.mjs');
  const recordFile = join(dir, 'player-record.json');
  writeFileSync(
    script,
    [
      `#!${process.execPath}`,
      "import { createHash } from 'node:crypto';",
      "import { existsSync, readFileSync, writeFileSync } from 'node:fs';",
      'const argv = process.argv.slice(2);',
      'const file = argv.at(-1);',
      "const sha256 = file && existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : null;",
      `writeFileSync(${JSON.stringify(recordFile)}, JSON.stringify({ argv, env: process.env, sha256 }));`,
      `process.exit(${exitCode});`,
      '',
    ].join('\n'),
  );
  chmodSync(script, 0o755);
  return {
    command: `'${script}' --volume 50`,
    record: () => JSON.parse(readFileSync(recordFile, 'utf8')) as PlayerRecord,
  };
}

export interface PlayerRecord {
  argv: string[];
  env: Record<string, string>;
  sha256: string | null;
}

/** Spawns bin/recordings (built: `npm run build`) and keeps stdout as raw bytes. */
export function spawnForBytes(args: string[], env: Env): Promise<{ exitCode: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Every secret a player or an output must never see: app secret, JWT, and the stored access and refresh tokens. */
export function secretsOf(fixture: StreamFixture): string[] {
  const secrets = [fixture.sim.credentials.clientSecret, fixture.sim.credentials.jwt];
  const tokenFile = join(fixture.env.XDG_STATE_HOME!, 'recordings', 'tokens.json');
  const file = JSON.parse(readFileSync(tokenFile, 'utf8')) as { accounts: Record<string, Record<string, string>> };
  for (const entry of Object.values(file.accounts)) {
    const platform = JSON.parse(entry['rc-platform'] ?? '{}') as { access_token?: string; refresh_token?: string };
    if (platform.access_token) secrets.push(platform.access_token);
    if (platform.refresh_token) secrets.push(platform.refresh_token);
  }
  if (secrets.length < 4) throw new Error('expected stored access and refresh tokens');
  return secrets;
}
