export { DatabaseError } from './errors.js';
export { APPLICATION_ID, openDb, type OpenOptions } from './open.js';
export { MIGRATIONS_FOLDER, schemaVersion, type SchemaVersion } from './migrations.js';
export { buildUpsertSql, upsertStatement, type UpsertSpec } from './upsert.js';
export * from './rows.js';
export { prefixRange, reversedDigits } from './phone-digits.js';
export { setTranscriptState, writeCallRecordings, writeTranscript, type TranscriptStateChange, type WriteCounts } from './write-recordings.js';
export { integrityCheck, ftsIntegrityCheck } from './integrity.js';
export * from './status-queries.js';
