import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Backend } from '../../../src/db/store.js';
import type { Simulator } from '../../../src/simulator/index.js';
import { allRows, queryValue } from '../../helpers/backends.js';
import { BIN, spawnCli } from '../../helpers/run-cli.js';
import { cliWithHooks } from '../../sync/helpers/run-sync.js';
import { startCli } from '../../sync/helpers/spawn.js';
import { ANCHOR, CALL_LOG_PATH, HOUR, INSIGHTS_PREFIX, type Lab, TOKEN_PATH, databasePath, iso, simEnv, writeConfig } from './harness.js';
import { type PasswordRole, roleWithPassword } from './postgres-role.js';
import { startTcpProxy } from './tcp-proxy.js';

/**
 * Secrets: every command with --verbose against the simulator, through faults that make the client
 * refresh, retry and fail; the client secret, JWT, access and refresh tokens must appear in no
 * output, no error, no file but the token file, no stored row; the private files and folders must
 * be 0600 / 0700. On PostgreSQL the database password too (docs/cli.md, "PostgreSQL"), however it is
 * given (in the URL, as `?password=`, PGPASSWORD, the password file) and however the command ends
 * (a refused login, a server that cannot be reached, a server that goes away in the middle of a sync).
 */
export interface SecretsReport {
  backend: Backend;
  commands: number;
  /** Secret values checked (the app secret, the JWT, every access and refresh token seen, the database passwords). */
  secretsTracked: number;
  /** Where a secret appeared: "command → stream", a file path, or the stored rows. */
  leaks: string[];
  filesScanned: number;
  modes: { path: string; mode: string; ok: boolean }[];
  /** `stream --url` prints an access token on purpose (docs/cli.md, "`recordings stream <id>`") and must say so on stderr. */
  urlWarned: boolean;
  /** Every command ended as the contract says (docs/cli.md, "Output and exit codes"; exit codes listed per command). */
  unexpectedExits: string[];
}

const WINDOW = ['--since', iso(ANCHOR - 5 * HOUR), '--until', iso(ANCHOR - HOUR)];
/** Password files the PostgreSQL runs write (the right password and a wrong one): secrets' own files, as the token file is. */
const PASSWORD_FILES = ['pgpass', 'pgpass-wrong'];

type Env = Record<string, string | undefined>;

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

interface RunOptions {
  now?: Date;
  env?: Env;
  onLine?: (line: string) => void;
  /** As a process of its own (bin/recordings): node-postgres reads the PG* variables from the process's environment. */
  spawned?: boolean;
}

type Run = (label: string, args: string[], exits: number[], options?: RunOptions) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

export async function runSecrets(lab: Lab, backend: Backend = 'sqlite'): Promise<SecretsReport> {
  const sim = await lab.simulator({ seed: 71, calls: 500 });
  const dir = lab.dir();
  // One retry: the failures below are meant to exhaust the budget quickly.
  writeConfig(dir, { sync: { maxRetries: 1 } });
  // On PostgreSQL the archive belongs to a role whose password is one more secret to look for.
  const role = backend === 'postgres' ? await roleWithPassword(databasePath(dir), ['archive', 'copy', 'demo']) : null;
  try {
    return await secretsOf(sim, dir, role, backend);
  } finally {
    await role?.drop();
  }
}

async function secretsOf(sim: Simulator, dir: string, role: PasswordRole | null, backend: Backend): Promise<SecretsReport> {
  const db = role ? role.url('archive', 'in the URL') : databasePath(dir);
  const env = simEnv(dir, sim, { RECORDINGS_DB: db });
  const tokenFile = join(dir, 'state', 'recordings', 'tokens.json');
  const secrets = new Secrets();
  secrets.add(sim.credentials.clientSecret);
  secrets.add(sim.credentials.jwt);
  if (role) {
    secrets.add(role.password);
    secrets.add(encodeURIComponent(role.password));
  }
  const report: SecretsReport = { backend, commands: 0, secretsTracked: 0, leaks: [], filesScanned: 0, modes: [], urlWarned: false, unexpectedExits: [] };
  const outputs: { label: string; text: string; allowAccessToken?: boolean }[] = [];
  const notAccessTokens = new Set<string>(secrets.values);

  const run: Run = async (label, args, exits, options = {}) => {
    const result = options.spawned
      ? await spawnCli(['--verbose', ...args], options.env ?? env)
      : await cliWithHooks(['--verbose', ...args], options.env ?? env, { now: () => options.now ?? new Date(ANCHOR), onStderrLine: options.onLine });
    secrets.harvest(tokenFile);
    report.commands++;
    if (!exits.includes(result.exitCode)) report.unexpectedExits.push(`${label}: exit ${result.exitCode}: ${result.stderr.split('\n').find((l) => l.startsWith('recordings:')) ?? ''}`);
    outputs.push({ label: `${label} → stdout`, text: result.stdout, allowAccessToken: args.includes('--url') }, { label: `${label} → stderr`, text: result.stderr });
    return result;
  };

  // Syncs through every path that touches a credential: login, refresh, failed refresh, retries, errors.
  await run('sync', ['sync', ...WINDOW, '--audio', '--json'], [0], {
    onLine: (line) => {
      if (/call log page 1:|fetching \d+ due transcripts/.test(line)) sim.expireAccessTokens();
    },
  });
  sim.faults.failNext(1, { status: 503, pathPrefix: CALL_LOG_PATH });
  sim.faults.dropNext(1, { pathPrefix: INSIGHTS_PREFIX, at: 'mid-body' });
  await run('sync with 5xx and a dropped connection', ['sync', '--retry', '--json'], [0], { now: new Date(ANCHOR + HOUR) });
  sim.expireRefreshTokens();
  sim.expireAccessTokens();
  await run('sync after the refresh token expired', ['sync', '--json'], [0, 3], { now: new Date(ANCHOR + 2 * HOUR) });
  sim.faults.failNext(30, { status: 503, pathPrefix: TOKEN_PATH });
  sim.expireRefreshTokens();
  sim.expireAccessTokens();
  await run('sync while the token endpoint fails', ['sync', '--json'], [75], { now: new Date(ANCHOR + 3 * HOUR) });
  sim.faults.clear();
  const wrong = 'WrongClientSecret-3f9a7c21d4e8';
  secrets.add(wrong);
  // No stored session for these two: the wrong credential goes to the token endpoint.
  const fresh = (name: string) => join(dir, `state-${name}`);
  await run('sync with a wrong client secret', ['sync', '--json'], [3], { now: new Date(ANCHOR + 3 * HOUR), env: { ...env, XDG_STATE_HOME: fresh('secret'), RC_APP_CLIENT_SECRET: wrong } });
  const wrongJwt = `${sim.credentials.jwt.slice(0, -12)}tamperedAAAA`;
  secrets.add(wrongJwt);
  await run('sync with a tampered JWT', ['sync', '--json'], [3], { now: new Date(ANCHOR + 3 * HOUR), env: { ...env, XDG_STATE_HOME: fresh('jwt'), RC_USER_JWT: wrongJwt } });
  notAccessTokens.add(wrong).add(wrongJwt);

  const id = await firstId(db, 'audio_path IS NULL');
  const archived = await firstId(db, 'audio_path IS NOT NULL');
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
    ['backup', ['backup', join(dir, 'backup.db')], [0]],
    ['copy to a file', ['copy', '--to', join(dir, 'snapshot.db'), '--json'], [0]],
    ['stream to a file (fetched from RingCentral)', ['stream', id, '--output', join(dir, 'out.wav')], [0]],
    ['stream an archived recording', ['stream', archived, '--output', join(dir, 'archived.wav')], [0]],
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
  const served = await serveOutputs(env, id);
  outputs.push(...served.outputs);
  if (served.problem) report.unexpectedExits.push(`serve: ${served.problem}`);
  report.commands++;

  if (role) {
    const wrongPassword = `Wrong-${randomBytes(6).toString('hex')}/pw@x`;
    secrets.add(wrongPassword);
    secrets.add(encodeURIComponent(wrongPassword));
    notAccessTokens.add(wrongPassword).add(encodeURIComponent(wrongPassword));
    await postgresPasswords(run, env, role, dir, wrongPassword);
  }

  // WAL and SHM exist only while a connection is open: look at them during a (slow) sync.
  sim.faults.delay(300);
  const live = startCli(['sync', '--retry', '--json'], env, 60_000);
  await live.waitForLine(/reading the call log|fetching/);
  report.modes.push(...privateModes(dir, backend));
  live.kill('SIGTERM');
  const ended = await live.finished;
  outputs.push({ label: 'spawned sync → stdout', text: ended.stdout }, { label: 'spawned sync → stderr', text: ended.stderr });
  report.commands++;
  sim.faults.clear();
  for (const entry of privateModes(dir, backend)) if (!report.modes.some((m) => m.path === entry.path)) report.modes.push(entry);

  secrets.harvest(tokenFile);
  report.secretsTracked = secrets.values.size;
  const accessTokens = new Set([...secrets.values].filter((value) => !notAccessTokens.has(value)));
  for (const output of outputs) {
    // `stream --url` prints an access token on purpose; the secret, JWT, refresh tokens and passwords still never.
    const found = secrets.foundIn(output.text, output.allowAccessToken ? accessTokens : new Set());
    if (found) report.leaks.push(`${output.label}: ${found}`);
  }
  const ownFiles = new Set([tokenFile, ...PASSWORD_FILES.map((name) => join(dir, name))]);
  for (const file of filesUnder(dir)) {
    if (ownFiles.has(file)) continue;
    report.filesScanned++;
    const found = secrets.foundIn(readFileSync(file));
    if (found) report.leaks.push(`${relative(dir, file)}: ${found}`);
  }
  // Every stored row: sync runs, the audit log (copies and streams name their targets), state values,
  // and on PostgreSQL the archive a copy went to.
  for (const [name, target] of [['the archive', db], ...(role ? [['the copy', role.url('copy', 'in the URL')]] : [])] as const) {
    const found = secrets.foundIn(JSON.stringify(await allRows(target)));
    if (found) report.leaks.push(`rows of ${name}: ${found}`);
  }
  return report;
}

/**
 * On PostgreSQL: the password given each way a user can give it, right (the command works) and wrong
 * (exit 3); the server unreachable (exit 75); the server gone in the middle of a sync (exit 75: the
 * connection breaks, and a new one is refused); a copy to another PostgreSQL archive.
 */
async function postgresPasswords(run: Run, env: Env, role: PasswordRole, dir: string, wrongPassword: string): Promise<void> {
  const bare = role.url('archive', 'none');
  const [passfile, wrongPassfile] = PASSWORD_FILES.map((name) => join(dir, name)) as [string, string];
  writeFileSync(passfile, role.passfileLine(), { mode: 0o600 });
  writeFileSync(wrongPassfile, role.passfileLine(wrongPassword), { mode: 0o600 });
  const closed = role.url('archive', 'in the URL').replace(`:${role.port}/`, ':9/');
  // PGPASSWORD and PGPASSFILE are read from the environment of the process: those runs are processes of their own.
  const cases: [string, string[], number[], Env][] = [
    ['status, the password as ?password=', ['status', '--json'], [0], { RECORDINGS_DB: role.url('archive', 'as ?password=') }],
    ['stats, the password in PGPASSWORD', ['stats', '--json'], [0], { RECORDINGS_DB: bare, PGPASSWORD: role.password }],
    ['search, the password in the password file', ['search', '--text', 'reservation'], [0], { RECORDINGS_DB: bare, PGPASSFILE: passfile }],
    ['copy to another PostgreSQL archive', ['copy', '--to', role.url('copy', 'in the URL'), '--json'], [0], {}],
    ['sync, a wrong password in the URL', ['sync', '--json'], [3], { RECORDINGS_DB: role.url('archive', 'in the URL', wrongPassword) }],
    ['search, a wrong ?password=', ['search', '--json'], [3], { RECORDINGS_DB: role.url('archive', 'as ?password=', wrongPassword) }],
    ['stats, a wrong PGPASSWORD', ['stats'], [3], { RECORDINGS_DB: bare, PGPASSWORD: wrongPassword }],
    ['export, a wrong password in the password file', ['export'], [3], { RECORDINGS_DB: bare, PGPASSFILE: wrongPassfile }],
    ['doctor, a wrong password in the URL', ['doctor', '--json'], [3], { RECORDINGS_DB: role.url('archive', 'in the URL', wrongPassword) }],
    ['copy to PostgreSQL with a wrong password', ['copy', '--to', role.url('copy', 'in the URL', wrongPassword)], [3], {}],
    ['demo into PostgreSQL', ['--db', role.url('demo', 'in the URL'), 'demo', '--calls', '20'], [0], {}],
    ['sync, the server unreachable', ['sync', '--json'], [75], { RECORDINGS_DB: closed }],
    ['get, the server unreachable', ['get', 'nope'], [75], { RECORDINGS_DB: closed }],
    ['doctor, the server unreachable', ['doctor'], [75], { RECORDINGS_DB: closed }],
  ];
  for (const [label, args, exits, extra] of cases) {
    await run(label, args, exits, { env: { ...env, ...extra }, now: new Date(ANCHOR + 3 * HOUR), spawned: 'PGPASSWORD' in extra || 'PGPASSFILE' in extra });
  }

  // The server goes away once the sync has started: its connection breaks, and a new one is refused.
  const proxy = await startTcpProxy(role.host, role.port);
  const proxied = role.url('archive', 'in the URL').replace(`:${role.port}/`, `:${proxy.port}/`);
  await run('sync, the server gone mid-run', ['sync', '--retry', '--json'], [75], {
    env: { ...env, RECORDINGS_DB: proxied },
    now: new Date(ANCHOR + 4 * HOUR),
    onLine: (line) => {
      if (/reading the call log/.test(line)) proxy.close();
    },
  });
  proxy.close();
}

/** `serve` (spawned, with --verbose) answering status, stats, a recording and its audio fetched from RingCentral, then stopped: what it printed and answered. */
async function serveOutputs(env: Env, id: string): Promise<{ outputs: { label: string; text: string }[]; problem: string | null }> {
  const child = spawn(BIN, ['--verbose', 'serve', '--port', '0'], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const url = await new Promise<string | null>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!.trim());
    });
    void exited.then(() => resolve(null));
  });
  const answers: string[] = [];
  let problem: string | null = url ? null : `did not start: ${stderr.split('\n')[0]}`;
  if (url) {
    for (const path of ['/api/v1/status', '/api/v1/stats', `/api/v1/recordings/${id}`, `/api/v1/recordings/${id}/stream`]) {
      const response = await fetch(new URL(path, url));
      const body = path.endsWith('/stream') ? '' : await response.text();
      if (path.endsWith('/stream')) await response.arrayBuffer();
      if (response.status !== 200) problem ??= `${path} answered ${response.status}`;
      answers.push(`${response.status} ${JSON.stringify([...response.headers])} ${body}`);
    }
  }
  child.kill('SIGTERM');
  await exited;
  return {
    outputs: [
      { label: 'serve → stdout', text: stdout },
      { label: 'serve → stderr', text: stderr },
      { label: 'serve → answers', text: answers.join('\n') },
    ],
    problem,
  };
}

async function firstId(db: string, where: string): Promise<string> {
  const id = await queryValue<string | null>(db, `SELECT id FROM recordings WHERE ${where} ORDER BY id LIMIT 1`);
  if (!id) throw new Error(`no recording where ${where}`);
  return id;
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

/**
 * Modes of what the program made: the database file beside its WAL and SHM in `data` (SQLite), the
 * `recordings` data folder with the audio archive (PostgreSQL), the state and cache folders, the
 * backup and the copy, and everything in them.
 */
function privateModes(dir: string, backend: Backend): SecretsReport['modes'] {
  const modes: SecretsReport['modes'] = [];
  const visit = (path: string) => {
    const stat = statSync(path);
    const mode = stat.mode & 0o777;
    modes.push({ path: relative(dir, path), mode: mode.toString(8), ok: stat.isDirectory() ? mode === 0o700 : mode === 0o600 });
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  const data = backend === 'sqlite' ? ['data/recordings.db', 'data/recordings.db-wal', 'data/recordings.db-shm', 'data/audio'] : ['data/recordings'];
  for (const root of [...data, 'state/recordings', 'cache/recordings', 'backup.db', 'snapshot.db']) {
    if (existsSync(join(dir, root))) visit(join(dir, root));
  }
  // The folders XDG names are the user's; ours are the `recordings` folders inside, and on SQLite `data` here (the database's folder).
  if (backend === 'sqlite' && existsSync(join(dir, 'data'))) modes.push(folderMode(dir, 'data'));
  return modes;
}

function folderMode(dir: string, name: string): SecretsReport['modes'][number] {
  const mode = statSync(join(dir, name)).mode & 0o777;
  return { path: name, mode: mode.toString(8), ok: mode === 0o700 };
}
