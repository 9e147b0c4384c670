import { resolveDatabasePath } from '../config/load.js';
import type { Database } from 'better-sqlite3';
import type { Invocation } from './invocation.js';

/** Opens the database the global options, environment and config name, creating and migrating it. */
export async function openDatabase(invocation: Invocation): Promise<{ db: Database; path: string }> {
  const path = await resolveDatabasePath(invocation.globals, invocation.ctx.env);
  const { openDb } = await import('../db/open.js');
  return { db: await openDb(path), path };
}
