/** The database file cannot be used: not SQLite, another program's, corrupt, or newer than this version. Exit 1. */
export class DatabaseError extends Error {
  override readonly name: string = 'DatabaseError';
  constructor(
    message: string,
    /** A second line that tells what to do about it. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * No archive where the command looked, and only `sync` creates one (docs/cli.md, "Which archive").
 * Exit 2: most often a mistyped --db or RECORDINGS_DB, which must not quietly become an empty archive.
 */
export class NoArchiveError extends Error {
  override readonly name = 'NoArchiveError';
  constructor(
    /** The file's path, or the PostgreSQL URL with its password hidden. */
    readonly path: string,
    /** What is missing there, when "no archive" alone would puzzle (PostgreSQL: the schema). */
    what = '',
  ) {
    super(`no archive at ${path}${what ? ` (${what})` : ''} — run 'recordings sync' first, or check --db / RECORDINGS_DB`);
  }
}

/**
 * The database server cannot be reached now (PostgreSQL down, restarting, refusing connections, or
 * the connection dropped): exit 75, try again later (docs/cli.md, "Output and exit codes").
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The database server refused the credentials (PostgreSQL's authentication): exit 3. */
export class DatabaseAuthError extends Error {
  override readonly name = 'DatabaseAuthError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * The archive named cannot be used as configured, and only the operator can change that: a PostgreSQL
 * database that does not exist, or an older schema that this role may not migrate. Exit 2, with what
 * to run in the hint.
 */
export class ArchiveSetupError extends Error {
  override readonly name = 'ArchiveSetupError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** This database role may not do that (PostgreSQL's 42501): a support desk's role reads, and only appends to the audit log. Exit 1. */
export class DatabasePermissionError extends DatabaseError {
  override readonly name = 'DatabasePermissionError';
}
