/**
 * The oldest PostgreSQL the archive's schema runs on (docs/cli.md, "PostgreSQL"): its search
 * functions are SQL-standard function bodies (`RETURN …`, `BEGIN ATOMIC … END`), new in PostgreSQL
 * 14. Nothing in the schema or the queries needs anything newer.
 */
export const OLDEST_SERVER = { versionNum: 140_000, name: '14' } as const;

/** What is wrong with a server older than OLDEST_SERVER, in a sentence; null when it is new enough. */
export function serverTooOld(server: { version: string; versionNum: number }, location: string): string | null {
  if (server.versionNum >= OLDEST_SERVER.versionNum) return null;
  return `PostgreSQL ${server.version} at ${location} is older than ${OLDEST_SERVER.name}, the oldest version recordings supports: the archive's search functions need ${OLDEST_SERVER.name} or newer`;
}

/** What to do about it. */
export const SERVER_TOO_OLD_FIX = `upgrade the server to PostgreSQL ${OLDEST_SERVER.name} or newer, or keep the archive in a SQLite file (--db <file>)`;
