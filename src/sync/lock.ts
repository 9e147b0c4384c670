import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import { heartbeatLock, type LockHolder, releaseLock, tryAcquireLock } from '../db/sync-queries.js';
import { SyncLockedError } from './errors.js';

/** A holder on another host cannot be checked for life; without a heartbeat this long it is dead. */
const STALE_AFTER_MS = 15 * 60_000;

export interface SyncLock {
  holder: LockHolder;
  /** The lock was taken over from a sync that died without releasing it. */
  replaced: LockHolder | null;
  heartbeat(now: Date): void;
  release(): void;
}

/**
 * One sync at a time per database (docs/design.md, "Sync", step 1). The lock is a row in the database
 * itself, so it follows the file wherever it lives; a lock left by a killed process on this host
 * is detected (its pid is gone) and taken over.
 */
export function acquireSyncLock(db: Database, now: Date, pid = process.pid): SyncLock {
  const holder: LockHolder = {
    pid,
    host: hostname(),
    token: randomUUID(),
    startedAt: now.toISOString(),
    heartbeatAt: now.toISOString(),
  };
  const result = tryAcquireLock(db, holder, (current) => isDead(current, now.getTime()));
  if (!result.acquired) {
    const other = result.holder;
    throw new SyncLockedError(
      `another sync is running on this database (pid ${other.pid} on ${other.host}, started ${other.startedAt}); try again later`,
    );
  }
  return {
    holder,
    replaced: result.replaced,
    heartbeat: (at) => {
      heartbeatLock(db, holder.token, at.toISOString());
    },
    release: () => releaseLock(db, holder.token),
  };
}

function isDead(holder: LockHolder, now: number): boolean {
  if (holder.host === hostname()) return !processExists(holder.pid);
  return now - Date.parse(holder.heartbeatAt) > STALE_AFTER_MS;
}

export function processExists(pid: number | null): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
