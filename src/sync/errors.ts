/** Another sync holds the database's lock. Exit code 75: try again later. */
export class SyncLockedError extends Error {
  override readonly name = 'SyncLockedError';
}
