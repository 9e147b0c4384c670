import { resolveDatabasePath } from '../config/load.js';
import type { ArchiveStore } from '../db/store.js';
import type { Invocation } from './invocation.js';

/**
 * Opens the archive `target` names (a SQLite file or a PostgreSQL URL), applying pending migrations,
 * and never creates one: only sync makes an archive, so a mistyped path is NoArchiveError (exit 2)
 * instead of a new, empty file (docs/cli.md, "Which archive").
 */
export async function openArchive(target: string): Promise<ArchiveStore> {
  // Loaded here, not at the top: the database driver and the migrations wait until after bad input is refused.
  const { openStore } = await import('../db/open-store.js');
  return openStore(target);
}

/** Opens the archive the global options, environment and config name: for commands that need nothing else. */
export async function openDatabase(invocation: Invocation): Promise<{ store: ArchiveStore; path: string }> {
  const path = await resolveDatabasePath(invocation.globals, invocation.ctx.env);
  return { store: await openArchive(path), path };
}
