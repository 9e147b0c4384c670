import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { ensurePrivateDir } from '../util/private-files.js';

export interface TokenFileLockOptions {
  signal?: AbortSignal | undefined;
  /** How often a waiting process looks again (default 25 ms: a login takes a few hundred). */
  pollMs?: number;
  /**
   * A lock older than this is taken over even when its holder seems alive (default 10 min: a
   * login that waits out the Auth group's 60 s penalties several times still finishes well within).
   */
  staleAfterMs?: number;
  now?: () => number;
}

interface Holder {
  pid: number;
  host: string;
  token: string;
  at: number;
}

/**
 * Runs `work` while holding `<token file>.lock`, so that of all the processes sharing a token file
 * only one renews the session at a time, and each of the others, once it gets the lock, finds the
 * new tokens in the file instead of logging in too: one login per access-token lifetime
 * (docs/design.md, "RingCentral as it really behaves"), since RingCentral allows 5 logins a minute
 * and about 5 live sessions per user. Clients in the same process coordinate through the same file.
 *
 * The lock is a 0600 file created exclusively (`O_EXCL`) holding the holder's pid, host and a
 * random token. A lock whose holder on this host is gone (a killed run), or that is older than
 * `staleAfterMs`, is taken over. Waiting ends at once when `signal` aborts.
 */
export async function withTokenFileLock<T>(tokenFile: string, work: () => Promise<T>, options: TokenFileLockOptions = {}): Promise<T> {
  const path = `${tokenFile}.lock`;
  const now = options.now ?? Date.now;
  const token = await acquire(path, now, options);
  try {
    return await work();
  } finally {
    release(path, token);
  }
}

async function acquire(path: string, now: () => number, options: TokenFileLockOptions): Promise<string> {
  ensurePrivateDir(dirname(path));
  const holder: Holder = { pid: process.pid, host: hostname(), token: randomUUID(), at: now() };
  const staleAfterMs = options.staleAfterMs ?? 10 * 60_000;
  for (;;) {
    options.signal?.throwIfAborted();
    if (tryCreate(path, holder)) return holder.token;
    const seen = readLock(path);
    if (seen !== null && isStale(seen.holder, seen.mtimeMs, now(), staleAfterMs)) {
      // Only the lock we judged stale is removed: if another waiter took it over meanwhile, its
      // file has other content and stays.
      if (readLock(path)?.text === seen.text) rmSync(path, { force: true });
      continue;
    }
    await pause(options.pollMs ?? 25, options.signal);
  }
}

function tryCreate(path: string, holder: Holder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify({ ...holder, at: new Date(holder.at).toISOString() }));
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(path: string): { text: string; holder: Partial<Holder> | null; mtimeMs: number } | null {
  try {
    const text = readFileSync(path, 'utf8');
    const mtimeMs = statSync(path).mtimeMs;
    let holder: Partial<Holder> | null = null;
    try {
      holder = JSON.parse(text) as Partial<Holder>;
    } catch {
      // Being written right now, or damaged: judged by its age alone.
    }
    return { text, holder, mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function isStale(holder: Partial<Holder> | null, mtimeMs: number, now: number, staleAfterMs: number): boolean {
  if (now - mtimeMs > staleAfterMs) return true;
  if (!holder || typeof holder.pid !== 'number') return now - mtimeMs > 5_000;
  return holder.host === hostname() && !processExists(holder.pid);
}

function release(path: string, token: string): void {
  try {
    const current = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    if (current.token === token) rmSync(path, { force: true });
  } catch {
    // Gone or taken over (we were judged stale): nothing of ours to remove.
  }
}

function processExists(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
