import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ArchiveStore } from '../db/store.js';
import type { LockHolder } from '../db/store.js';
import { SyncLockedError } from './errors.js';

/** A holder on another host cannot be checked for life; without a heartbeat this long it is dead. */
const STALE_AFTER_MS = 15 * 60_000;

export interface SyncLock {
  holder: LockHolder;
  /** The lock was taken over from a sync that died without releasing it. */
  replaced: LockHolder | null;
  heartbeat(now: Date): Promise<void>;
  release(): Promise<void>;
}

/**
 * One sync at a time per database (docs/design.md, "Sync", step 1), never waiting: a second sync
 * exits 75 at once. On SQLite the lock is a row in the file itself, so it follows the file wherever
 * it lives; a lock left by a killed process on this host is detected (its pid is gone) and taken
 * over. On PostgreSQL it is an advisory lock, which ends with its holder's connection, wherever the
 * two syncs run; the holder is stored beside it so that the second one can say who has it.
 */
export async function acquireSyncLock(store: ArchiveStore, now: Date, pid = process.pid): Promise<SyncLock> {
  const holder: LockHolder = {
    pid,
    host: hostname(),
    token: randomUUID(),
    startedAt: now.toISOString(),
    heartbeatAt: now.toISOString(),
  };
  const result = await store.tryAcquireSyncLock(holder, (current) => isDead(current, now.getTime()));
  if (!result.acquired) {
    const other = result.holder;
    const who = other ? ` (pid ${other.pid} on ${other.host}, started ${other.startedAt})` : '';
    throw new SyncLockedError(`another sync is running on this database${who}; try again later`);
  }
  return {
    holder,
    replaced: result.replaced,
    heartbeat: async (at) => {
      await store.heartbeatSyncLock(holder.token, at.toISOString());
    },
    release: () => store.releaseSyncLock(holder.token),
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
