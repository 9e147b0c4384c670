import BetterSqlite3, { type Database } from 'better-sqlite3';
import { ensurePrivateFile } from '../util/private-files.js';
import { DatabaseError } from './errors.js';
import { applyPendingMigrations } from './migrations.js';

/** Marks a SQLite file as ours ('RCRD'), so a foreign database is refused instead of migrated. */
export const APPLICATION_ID = 0x52435244;

export interface OpenOptions {
  /** How long a writer waits for another one before SQLITE_BUSY (ms). */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the database: folders 0700, file 0600 (SQLite gives -wal and -shm the
 * database file's mode), WAL, busy timeout, foreign keys, synchronous=NORMAL, pending migrations.
 * A file that is not SQLite, or is another program's database, is refused untouched.
 */
export async function openDb(path: string, options: OpenOptions = {}): Promise<Database> {
  try {
    ensurePrivateFile(path);
  } catch (error) {
    throw new DatabaseError(`cannot create the database ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let db: Database;
  try {
    db = new BetterSqlite3(path);
  } catch (error) {
    throw new DatabaseError(`cannot open the database ${path}: ${(error as Error).message}`);
  }
  try {
    checkOwnership(db, path);
    // Switching to WAL rewrites the header: a file that is not in WAL mode yet (new, or a copy made
    // with the database closed) is checked first, so a damaged one is refused as it is.
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') refuseIfDamaged(db, path);
    db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 10_000)}`);
    db.pragma('foreign_keys = ON');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    await applyPendingMigrations(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof DatabaseError) throw error;
    throw new DatabaseError(`cannot use the database ${path}: ${(error as Error).message}`);
  }
}

function refuseIfDamaged(db: Database, path: string): void {
  let problems: string[];
  try {
    problems = (db.prepare('PRAGMA quick_check').pluck().all() as string[]).filter((line) => line !== 'ok');
  } catch (error) {
    problems = [(error as Error).message];
  }
  if (problems.length > 0) {
    throw new DatabaseError(`${path} is a damaged recordings database (${problems[0]}); it was left untouched`);
  }
}

function checkOwnership(db: Database, path: string): void {
  let applicationId: number;
  let pageCount: number;
  try {
    applicationId = db.pragma('application_id', { simple: true }) as number;
    pageCount = db.pragma('page_count', { simple: true }) as number;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new DatabaseError(`${path} is not a recordings database (not a SQLite file, or damaged); it was left untouched`);
    }
    throw error;
  }
  if (pageCount === 0) {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    return;
  }
  if (applicationId !== APPLICATION_ID) {
    throw new DatabaseError(`${path} is another program's SQLite database, not a recordings database; it was left untouched`);
  }
}
