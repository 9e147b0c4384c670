import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { expandHome } from '../../config/paths.js';
import { UsageError } from '../errors.js';
import type { CommandFunction } from '../invocation.js';
import { openDatabase } from '../open-database.js';
import { currentActor } from './actor.js';
import { formatBytes } from './status.js';

/**
 * `recordings backup <file>`: an online, consistent copy of the database, safe while a sync runs,
 * verified before it replaces anything. The audio archive is files: copy that folder as it is.
 */
export const backupCommand: CommandFunction<Record<string, never>> = async (invocation, _options, file) => {
  const { ctx } = invocation;
  if (!file?.trim()) throw new UsageError('backup: the file name is empty', 'example: recordings backup /var/backups/recordings.db');
  const target = resolve(expandHome(file.trim(), ctx.env));
  const folder = dirname(target);
  if (!existsSync(folder)) throw new UsageError(`backup: the folder ${folder} does not exist`, `create it first: mkdir -m 700 -p ${folder}`);
  if (!statSync(folder).isDirectory()) throw new UsageError(`backup: ${folder} is a file, not a folder`, `name a file in a folder, e.g. recordings backup ${join(dirname(folder), 'recordings-backup.db')}`);
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new UsageError(`backup: ${target} is a folder`, `name a file: recordings backup ${join(target, 'recordings.db')}`);
  }
  const { store, path } = await openDatabase(invocation);
  try {
    if (store.backend === 'sqlite' && isLiveDatabase(target, path)) {
      throw new UsageError(`backup: ${target} is the live database itself`, 'choose another file, e.g. recordings backup ~/recordings-backup.db');
    }
    const started = Date.now();
    const result = await store.backup(target);
    const bytes = statSync(target).size;
    await store.appendAudit({
      at: ctx.now().toISOString(),
      action: 'backup',
      actor: currentActor(ctx.env),
      details: { path: target, bytes, recordings: result.recordings, durationMs: Date.now() - started },
    });
    ctx.stdout.write(`Backed up ${store.location} to ${target}: ${result.recordings} recordings, ${formatBytes(bytes)}; integrity check ok.\n`);
    return 0;
  } finally {
    await store.close();
  }
};

/** The target is the database file (by any path or link) or one of its -wal/-shm/-journal files. */
function isLiveDatabase(target: string, databasePath: string): boolean {
  const real = realTarget(target);
  const live = realpathSync(databasePath);
  return [live, `${live}-wal`, `${live}-shm`, `${live}-journal`].includes(real);
}

/** The target's real path; for a file that does not exist yet, its folder's real path plus its name. */
function realTarget(target: string): string {
  try {
    return realpathSync(target);
  } catch {
    return join(realpathSync(dirname(target)), basename(target));
  }
}
