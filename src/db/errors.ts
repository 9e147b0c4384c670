/** The database file cannot be used: not SQLite, another program's, corrupt, or newer than this version. Exit 1. */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
}
