import type * as postgres from '../postgres/schema.js';
import type * as sqlite from '../sqlite/schema.js';

/*
 * Either dialect's table, for the write rules both dialects share: the same columns under the same
 * names (test/store/row-types.test.ts), so an SQL expression over them reads the same on both.
 */
export type RecordingsTable = typeof sqlite.recordings | typeof postgres.recordings;
export type OwnersTable = typeof sqlite.recordingOwners | typeof postgres.recordingOwners;
export type SyncStateTable = typeof sqlite.syncState | typeof postgres.syncState;
