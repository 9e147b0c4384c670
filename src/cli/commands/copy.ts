import { resolve } from 'node:path';
import { resolveDatabasePath } from '../../config/load.js';
import { expandHome } from '../../config/paths.js';
import { copyArchive } from '../../db/copy/copy-archive.js';
import { DatabasePermissionError } from '../../db/errors.js';
import { openStore } from '../../db/open-store.js';
import type { ArchiveStore } from '../../db/store.js';
import { isPostgresUrl, redactDatabaseUrl } from '../../util/database-url.js';
import { verbosityOf } from '../context.js';
import { UsageError } from '../errors.js';
import type { CommandFunction } from '../invocation.js';
import { openArchive } from '../open-database.js';
import { createCopyProgress } from '../progress/copy-progress.js';
import { acquireSyncLock } from '../../sync/lock.js';
import { currentActor } from './actor.js';

export interface CopyOptions {
  to: string;
  json?: boolean;
}

/**
 * `recordings copy --to <db>` (docs/cli.md, "`recordings copy --to <db>`"): the whole archive from
 * the current database into another, a SQLite file or PostgreSQL, either way. The target is created
 * (a file) or its schema created or migrated (PostgreSQL); the copy itself is src/copy/copy-archive.ts.
 */
export const copyCommand: CommandFunction<CopyOptions> = async (invocation, options) => {
  const { ctx } = invocation;
  const to = options.to.trim();
  if (!to) throw new UsageError('--to is empty', 'name the target: recordings copy --to postgres://user@host/recordings, or --to ~/copy.db');
  const targetName = isPostgresUrl(to) ? to : resolve(expandHome(to, ctx.env));
  const sourceName = await resolveDatabasePath(invocation.globals, ctx.env);
  if (sameTarget(sourceName, targetName)) throw new UsageError(`--to names the archive being copied (${shown(targetName)})`, 'name another file or database');
  const source = await openArchive(sourceName);
  let target: ArchiveStore | null = null;
  const progress = createCopyProgress(ctx.stderr, verbosityOf(invocation.globals));
  try {
    target = await openStore(targetName, { create: true });
    const result = await copyArchive(source, target, {
      now: ctx.now,
      onProgress: progress.onProgress,
      // No sync writes into the target meanwhile: a second sync (or copy) there exits 75 as for a sync.
      lockTarget: async (store) => (await acquireSyncLock(store, ctx.now())).release,
    });
    progress.stop();
    await auditCopy(invocation, source, target.location, result.recordings);
    const { recordings, segments, insights, auditEntries, durationMs } = result;
    if (options.json) {
      ctx.stdout.write(`${JSON.stringify({ recordings, segments, insights, auditEntries, syncRuns: result.syncRuns, written: result.written, kept: result.kept, durationMs })}\n`);
    } else {
      ctx.stdout.write(
        `Copied ${source.location} to ${target.location}: ${count(recordings, 'recording')} (${result.written} written, ${result.kept} already there), ` +
          `${count(segments, 'transcript segment')}, ${count(insights, 'insight')}, ${count(auditEntries, 'audit entry', 'audit entries')}, ` +
          `${count(result.syncRuns, 'sync run')} in ${(durationMs / 1000).toFixed(1)} s; every recording checked.\n`,
      );
    }
    return 0;
  } finally {
    progress.stop();
    await target?.close();
    await source.close();
  }
};

/** A copy takes the archive's personal data elsewhere: the source's audit log says so, where this role may write it. */
async function auditCopy(invocation: Parameters<CommandFunction<CopyOptions>>[0], source: ArchiveStore, to: string, recordings: number): Promise<void> {
  try {
    await source.appendAudit({ at: invocation.ctx.now().toISOString(), action: 'copy', actor: currentActor(invocation.ctx.env), details: { to, recordings } });
  } catch (error) {
    if (!(error instanceof DatabasePermissionError)) throw error;
    invocation.log.warn(`the copy is complete, but this role may not write to ${source.location}'s audit log`);
  }
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function sameTarget(a: string, b: string): boolean {
  return isPostgresUrl(a) || isPostgresUrl(b) ? a.trim() === b.trim() : resolve(a) === resolve(b);
}

function shown(target: string): string {
  return isPostgresUrl(target) ? redactDatabaseUrl(target) : target;
}
