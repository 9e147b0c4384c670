/** The database file cannot be used: not SQLite, another program's, corrupt, or newer than this version. Exit 1. */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
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
  constructor(readonly path: string) {
    super(`no archive at ${path} — run 'recordings sync' first, or check --db / RECORDINGS_DB`);
  }
}
