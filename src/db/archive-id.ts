/**
 * 'RCRD': marks a SQLite file as a recordings archive (its `application_id`), so a foreign database is
 * refused instead of migrated; on PostgreSQL, the first key of the advisory locks recordings takes.
 */
export const APPLICATION_ID = 0x52435244;

/** The named state value (sync_state) holding the id every archive gets when it is created. */
export const ARCHIVE_ID_STATE = 'archive_id';
