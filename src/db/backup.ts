import { chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { DatabaseError } from './errors.js';
import { ftsIntegrityCheck, integrityCheck } from './integrity.js';

export interface BackupResult {
  recordings: number;
}

/**
 * Pages per backup step. One step copies everything under one read transaction: a snapshot that
 * writers in WAL mode do not block, and that a concurrent sync's commits cannot restart halfway
 * (SQLite restarts a multi-step backup whenever another connection writes between steps).
 */
const ALL_PAGES = 0x7fffffff;

/**
 * Writes a consistent copy of `db` to `target` with SQLite's online backup API, safe while a sync
 * writes. The copy goes to a 0600 temp file beside the target, is switched to a self-contained
 * rollback journal (no -wal to forget), checked (`PRAGMA integrity_check` and FTS5's own check) and
 * only then renamed over the target: a failed or interrupted backup never replaces a good one.
 */
export async function backupDatabase(db: Database, target: string): Promise<BackupResult> {
  const temp = backupTempFile(target);
  try {
    await db.backup(temp, { progress: () => ALL_PAGES });
    return { recordings: commitBackupFile(temp, target) };
  } catch (error) {
    removeBackupFile(temp);
    throw error;
  }
}

/** A 0600 temp file beside `target` for a backup to be written into. */
export function backupTempFile(target: string): string {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  closeSync(openSync(temp, 'wx', 0o600));
  return temp;
}

/**
 * Makes the written backup a single checked file and renames it over `target`; returns its
 * recording count. A copy that fails its check never replaces a good backup.
 */
export function commitBackupFile(temp: string, target: string): number {
  const recordings = verifyCopy(temp);
  chmodSync(temp, 0o600);
  syncFile(temp);
  renameSync(temp, target);
  syncFile(dirname(target));
  return recordings;
}

export function removeBackupFile(temp: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${temp}${suffix}`, { force: true });
}

/** Opens the copy on its own, makes it a single file, and checks it; returns its recording count. */
function verifyCopy(path: string): number {
  const copy = new BetterSqlite3(path);
  try {
    copy.pragma('journal_mode = DELETE');
    const problems = integrityCheck(copy);
    if (problems.length > 0) throw new DatabaseError(`the backup copy failed its integrity check: ${problems.slice(0, 3).join('; ')}`);
    const fts = ftsIntegrityCheck(copy);
    if (fts !== null) throw new DatabaseError(`the backup copy's full-text index failed its check: ${fts}`);
    return copy.prepare('SELECT count(*) FROM recordings').pluck().get() as number;
  } finally {
    copy.close();
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
