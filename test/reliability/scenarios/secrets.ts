import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { cliWithHooks } from '../../sync/helpers/run-sync.js';
import { startCli } from '../../sync/helpers/spawn.js';
import { ANCHOR, CALL_LOG_PATH, HOUR, INSIGHTS_PREFIX, type Lab, type Rig, TOKEN_PATH, iso, rig } from './harness.js';

/**
 * Secrets (issue 9, item 6): every command with --verbose against the simulator, through faults
 * that make the client refresh, retry and fail; the client secret, JWT, access and refresh tokens
 * must appear in no output, no error, no file but the token file; the private files and folders
 * must be 0600 / 0700.
 */
export interface SecretsReport {
  commands: number;
  /** Secret values checked (the app secret, the JWT, every access and refresh token seen). */
  secretsTracked: number;
  /** Where a secret appeared: "command → stream" or a file path. */
  leaks: string[];
  filesScanned: number;
  modes: { path: string; mode: string; ok: boolean }[];
  /** `stream --url` prints an access token on purpose (docs/cli.md, "`recordings stream <id>`") and must say so on stderr. */
  urlWarned: boolean;
  /** Every command ended as the contract says (docs/cli.md, "Output and exit codes"; exit codes listed per command). */
  unexpectedExits: string[];
}

const WINDOW = ['--since', iso(ANCHOR - 5 * HOUR), '--until', iso(ANCHOR - HOUR)];

class Secrets {
  readonly values = new Set<string>();
  add(value: string | undefined | null): void {
    if (value && value.length >= 8) this.values.add(value);
  }
  /** Access and refresh tokens from the token file (each session is a JSON string of the SDK's auth data). */
  harvest(tokenFile: string): void {
    if (!existsSync(tokenFile)) return;
    const file = JSON.parse(readFileSync(tokenFile, 'utf8')) as { accounts: Record<string, Record<string, string>> };
    for (const entry of Object.values(file.accounts)) {
      for (const value of Object.values(entry)) {
        try {
          const data = JSON.parse(value) as { access_token?: string; refresh_token?: string };
          this.add(data.access_token);
          this.add(data.refresh_token);
        } catch {
          this.add(value);
        }
      }
    }
  }
  /** The secret (or its first 16 characters, a leak cut short) found in `text`. */
  foundIn(text: string | Buffer, except: Set<string> = new Set()): string | null {
    for (const value of this.values) {
      if (except.has(value)) continue;
      if (text.includes(value) || text.includes(value.slice(0, 16))) return `${value.slice(0, 6)}…`;
    }
    return null;
  }
}

export async function runSecrets(lab: Lab): Promise<SecretsReport> {
  // One retry: the failures below are meant to exhaust the budget quickly.
  const r = await rig(lab, { seed: 71, calls: 500 }, { sync: { maxRetries: 1 } });
  const tokenFile = join(r.dir, 'state', 'recordings', 'tokens.json');
  const secrets = new Secrets();
  secrets.add(r.sim.credentials.clientSecret);
  secrets.add(r.sim.credentials.jwt);
  const report: SecretsReport = { commands: 0, secretsTracked: 0, leaks: [], filesScanned: 0, modes: [], urlWarned: false, unexpectedExits: [] };
  const outputs: { label: string; text: string; allowAccessToken?: boolean }[] = [];

  const run = async (label: string, args: string[], exits: number[], options: { now?: Date; env?: Record<string, string | undefined>; onLine?: (line: string) => void } = {}) => {
    const env = options.env ?? r.env;
    const result = await cliWithHooks(['--verbose', ...args], env, { now: () => options.now ?? new Date(ANCHOR), onStderrLine: options.onLine });
    secrets.harvest(tokenFile);
    report.commands++;
    if (!exits.includes(result.exitCode)) report.unexpectedExits.push(`${label}: exit ${result.exitCode}: ${result.stderr.split('\n').find((l) => l.startsWith('recordings:')) ?? ''}`);
    outputs.push({ label: `${label} → stdout`, text: result.stdout, allowAccessToken: args.includes('--url') }, { label: `${label} → stderr`, text: result.stderr });
    return result;
  };

  // Syncs through every path that touches a credential: login, refresh, failed refresh, retries, errors.
  await run('sync', ['sync', ...WINDOW, '--audio', '--json'], [0], {
    onLine: (line) => {
      if (/call log page 1:|fetching \d+ due transcripts/.test(line)) r.sim.expireAccessTokens();
    },
  });
  r.sim.faults.failNext(1, { status: 503, pathPrefix: CALL_LOG_PATH });
  r.sim.faults.dropNext(1, { pathPrefix: INSIGHTS_PREFIX, at: 'mid-body' });
  await run('sync with 5xx and a dropped connection', ['sync', '--retry', '--json'], [0], { now: new Date(ANCHOR + HOUR) });
  r.sim.expireRefreshTokens();
  r.sim.expireAccessTokens();
  await run('sync after the refresh token expired', ['sync', '--json'], [0, 3], { now: new Date(ANCHOR + 2 * HOUR) });
  r.sim.faults.failNext(30, { status: 503, pathPrefix: TOKEN_PATH });
  r.sim.expireRefreshTokens();
  r.sim.expireAccessTokens();
  await run('sync while the token endpoint fails', ['sync', '--json'], [75], { now: new Date(ANCHOR + 3 * HOUR) });
  r.sim.faults.clear();
  const wrong = 'WrongClientSecret-3f9a7c21d4e8';
  secrets.add(wrong);
  // No stored session for these two: the wrong credential goes to the token endpoint.
  const fresh = (name: string) => join(r.dir, `state-${name}`);
  await run('sync with a wrong client secret', ['sync', '--json'], [3], { now: new Date(ANCHOR + 3 * HOUR), env: { ...r.env, XDG_STATE_HOME: fresh('secret'), RC_APP_CLIENT_SECRET: wrong } });
  const wrongJwt = `${r.sim.credentials.jwt.slice(0, -12)}tamperedAAAA`;
  secrets.add(wrongJwt);
  await run('sync with a tampered JWT', ['sync', '--json'], [3], { now: new Date(ANCHOR + 3 * HOUR), env: { ...r.env, XDG_STATE_HOME: fresh('jwt'), RC_USER_JWT: wrongJwt } });

  const id = firstId(r, 'audio_path IS NULL');
  const archived = firstId(r, 'audio_path IS NOT NULL');
  const queries: [string, string[], number[]][] = [
    ['search', ['search', '--text', 'reservation'], [0]],
    ['search json', ['search', '--json', '--limit', '5'], [0]],
    ['get', ['get', id], [0]],
    ['get json', ['get', archived, '--json'], [0]],
    ['stats', ['stats', '--json'], [0]],
    ['export csv', ['export'], [0]],
    ['export ndjson', ['export', '--format', 'ndjson'], [0]],
    ['status', ['status', '--json'], [0]],
    ['prune dry run', ['prune', '--older-than', '1d', '--dry-run'], [0]],
    ['hold', ['hold', id, '--reason', 'litigation'], [0]],
    ['hold release', ['hold', id, '--release'], [0]],
    ['backup', ['backup', join(r.dir, 'backup.db')], [0]],
    ['stream to a file (fetched from RingCentral)', ['stream', id, '--output', join(r.dir, 'out.wav')], [0]],
    ['stream an archived recording', ['stream', archived, '--output', join(r.dir, 'archived.wav')], [0]],
    ['stream --url', ['stream', id, '--url'], [0]],
    ['doctor', ['doctor'], [0]],
    ['doctor json', ['doctor', '--json'], [0]],
    ['audit', ['audit', '--json'], [0]],
    ['get an unknown id', ['get', 'nope-404'], [4]],
  ];
  for (const [label, args, exits] of queries) {
    const result = await run(label, args, exits, { now: new Date(ANCHOR + 3 * HOUR) });
    if (label === 'stream --url') report.urlWarned = /contains an access token/.test(result.stderr);
  }

  // WAL and SHM exist only while a connection is open: look at them during a (slow) sync.
  r.sim.faults.delay(300);
  const live = startCli(['sync', '--retry', '--json'], r.env, 60_000);
  await live.waitForLine(/reading the call log|fetching/);
  report.modes.push(...privateModes(r.dir));
  live.kill('SIGTERM');
  const ended = await live.finished;
  outputs.push({ label: 'spawned sync → stdout', text: ended.stdout }, { label: 'spawned sync → stderr', text: ended.stderr });
  report.commands++;
  r.sim.faults.clear();
  for (const entry of privateModes(r.dir)) if (!report.modes.some((m) => m.path === entry.path)) report.modes.push(entry);

  secrets.harvest(tokenFile);
  report.secretsTracked = secrets.values.size;
  const accessTokens = new Set<string>();
  for (const value of secrets.values) if (value !== r.sim.credentials.clientSecret && value !== r.sim.credentials.jwt && value !== wrong && value !== wrongJwt) accessTokens.add(value);
  for (const output of outputs) {
    // `stream --url` prints an access token on purpose; the secret, JWT and refresh tokens still never.
    const found = secrets.foundIn(output.text, output.allowAccessToken ? accessTokens : new Set());
    if (found) report.leaks.push(`${output.label}: ${found}`);
  }
  for (const file of filesUnder(r.dir)) {
    if (file === tokenFile) continue;
    report.filesScanned++;
    const found = secrets.foundIn(readFileSync(file));
    if (found) report.leaks.push(`${relative(r.dir, file)}: ${found}`);
  }
  const db = new Database(r.db, { readonly: true });
  try {
    const logged = JSON.stringify([db.prepare('SELECT * FROM sync_runs').all(), db.prepare('SELECT * FROM audit_log').all(), db.prepare('SELECT * FROM sync_state').all()]);
    const found = secrets.foundIn(logged);
    if (found) report.leaks.push(`sync_runs / audit_log / sync_state rows: ${found}`);
  } finally {
    db.close();
  }
  return report;
}

function firstId(r: Rig, where: string): string {
  const db = new Database(r.db, { readonly: true });
  try {
    const id = db.prepare(`SELECT id FROM recordings WHERE ${where} ORDER BY id LIMIT 1`).pluck().get() as string | undefined;
    if (!id) throw new Error(`no recording where ${where}`);
    return id;
  } finally {
    db.close();
  }
}

function filesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** Modes of what the program made: the data, state and cache folders and everything in them. */
function privateModes(dir: string): SecretsReport['modes'] {
  const modes: SecretsReport['modes'] = [];
  const visit = (path: string) => {
    const stat = statSync(path);
    const mode = stat.mode & 0o777;
    modes.push({ path: relative(dir, path), mode: mode.toString(8), ok: stat.isDirectory() ? mode === 0o700 : mode === 0o600 });
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  for (const root of ['data/recordings.db', 'data/recordings.db-wal', 'data/recordings.db-shm', 'data/audio', 'state/recordings', 'cache/recordings', 'backup.db']) {
    if (existsSync(join(dir, root))) visit(join(dir, root));
  }
  // The folders XDG names are the user's; ours are the `recordings` folders inside, and `data` here.
  if (existsSync(join(dir, 'data'))) modes.push(folderMode(dir, 'data'));
  return modes;
}

function folderMode(dir: string, name: string): SecretsReport['modes'][number] {
  const mode = statSync(join(dir, name)).mode & 0o777;
  return { path: name, mode: mode.toString(8), ok: mode === 0o700 };
}
