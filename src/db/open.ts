import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { describeErrno, folderProblem } from '../util/folder-access.js';
import { ensurePrivateFile } from '../util/private-files.js';
import { APPLICATION_ID } from './archive-id.js';
import { DatabaseError, NoArchiveError } from './errors.js';
import { applyPendingMigrations } from './migrations.js';

export { APPLICATION_ID };

export interface OpenOptions {
  /** How long a writer waits for another one before SQLITE_BUSY (ms). */
  busyTimeoutMs?: number;
}

/**
 * Opens the database, creating it first when there is none: folders 0700, file 0600 (SQLite gives
 * -wal and -shm the database file's mode), WAL, busy timeout, foreign keys, synchronous=NORMAL,
 * pending migrations. A file that is not SQLite, or is another program's database, is refused
 * untouched. Only the commands that make an archive call this (docs/cli.md, "Which archive").
 */
export async function openDb(path: string, options: OpenOptions = {}): Promise<Database> {
  try {
    ensurePrivateFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = folderProblem(dirname(path));
    throw new DatabaseError(
      `cannot create the archive at ${path}: ${problem ?? describeErrno(code ?? (error as Error).message)}`,
      "choose a folder this user can write to with --db or RECORDINGS_DB, or fix the folder's owner or mode",
    );
  }
  return openFile(path, options);
}

/**
 * Opens an archive that is already there, the same way as openDb, but never creates anything: no
 * folder, no file. Nothing at the path (or an empty file) is NoArchiveError; a folder, a file this
 * user cannot open, or a foreign or damaged file is DatabaseError.
 */
export async function openExistingDb(path: string, options: OpenOptions = {}): Promise<Database> {
  if (!archiveExists(path)) throw new NoArchiveError(path);
  return openFile(path, { ...options, mustExist: true });
}

/**
 * Whether `path` holds something to open: nothing there, a path through a file, or an empty file
 * (SQLite would silently turn it into a new database) is no archive. A folder counts as something,
 * so it is reported as what it is rather than as missing.
 */
export function archiveExists(path: string): boolean {
  try {
    const stat = statSync(path);
    return stat.isDirectory() || stat.size > 0;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    // Anything else (a folder above that cannot be searched): let the open say what is wrong.
    return true;
  }
}

async function openFile(path: string, options: OpenOptions & { mustExist?: boolean }): Promise<Database> {
  refuseUnusablePath(path);
  let db: Database;
  try {
    db = new BetterSqlite3(path, { fileMustExist: options.mustExist === true });
  } catch (error) {
    throw new DatabaseError(`cannot open the archive at ${path}: ${(error as Error).message}`);
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
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY'))) {
      // WAL needs the -wal and -shm files beside the database: the file or its folder is not writable.
      const why = folderProblem(dirname(path)) ?? 'this user cannot write to it';
      throw new DatabaseError(
        `cannot open the archive at ${path}: ${why}, and SQLite must write the file and its -wal/-shm files beside it (${code})`,
        `the file and its folder must be writable by the user running recordings: ls -ld ${dirname(path)} ${path}`,
      );
    }
    throw new DatabaseError(`cannot use the database ${path}: ${(error as Error).message}`);
  }
}

/** A folder, or a file this user may not read and write, said in words before SQLite's "unable to open database file". */
function refuseUnusablePath(path: string): void {
  let folder = false;
  try {
    folder = statSync(path).isDirectory();
  } catch {
    // Gone or unreachable: the access check below says which.
  }
  if (folder) {
    throw new DatabaseError(`${path} is a folder, not a recordings database`, `name the database file inside it, e.g. --db ${path.replace(/\/+$/, '')}/recordings.db`);
  }
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch (error) {
    throw new DatabaseError(
      `cannot open the archive at ${path}: ${describeErrno((error as NodeJS.ErrnoException).code)}`,
      `the file must be readable and writable by the user running recordings: ls -l ${path}`,
    );
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
