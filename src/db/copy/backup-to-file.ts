import { backupTempFile, commitBackupFile, removeBackupFile, type BackupResult } from '../backup.js';
import type { ArchiveStore } from '../store.js';
import { copyArchive } from './copy-archive.js';

/**
 * `backup` of an archive that is not a SQLite file (PostgreSQL): its snapshot copied into a new
 * SQLite file beside `target` (one REPEATABLE READ transaction on the source, as `copy` reads it),
 * checked, and renamed over `target`: a file that `--db <file>` reads (docs/cli.md, "Operations").
 */
export async function backupToFile(source: ArchiveStore, target: string, now: () => Date): Promise<BackupResult> {
  const temp = backupTempFile(target);
  try {
    const { openStore } = await import('../open-store.js');
    const file = await openStore(temp, { create: true });
    try {
      await copyArchive(source, file, { now });
    } finally {
      await file.close();
    }
    return { recordings: commitBackupFile(temp, target) };
  } catch (error) {
    removeBackupFile(temp);
    throw error;
  }
}
