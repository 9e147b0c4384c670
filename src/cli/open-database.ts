import { resolveDatabasePath } from '../config/load.js';
import type { Database } from 'better-sqlite3';
import type { Invocation } from './invocation.js';

/**
 * Opens the archive at `path`, applying pending migrations, and never creates one: only sync makes
 * an archive, so a mistyped path is NoArchiveError (exit 2) instead of a new, empty file
 * (docs/cli.md, "Which archive").
 */
export async function openArchive(path: string): Promise<Database> {
  // Loaded here, not at the top: better-sqlite3 and the migrations wait until after bad input is refused.
  const { openExistingDb } = await import('../db/open.js');
  return openExistingDb(path);
}

/** Opens the archive the global options, environment and config name: for commands that need nothing else. */
export async function openDatabase(invocation: Invocation): Promise<{ db: Database; path: string }> {
  const path = await resolveDatabasePath(invocation.globals, invocation.ctx.env);
  return { db: await openArchive(path), path };
}
