import { SEARCH_TABLE_MIGRATION_SQL } from './search-table-sql.js';
import { SEARCH_INDEX_SQL, SEARCH_VECTOR_COLUMN_SQL, TEXT_SEARCH_SQL } from './text-search-sql.js';

/**
 * `recordings` and `insights` on PostgreSQL as far as search reads them: the same columns as the
 * SQLite schema (src/db/schema.ts), in PostgreSQL types, plus the search vector and its indexes.
 * Until the PostgreSQL schema is defined with drizzle this is what search is tested on; that schema
 * must keep these columns, SEARCH_VECTOR_COLUMN_SQL, SEARCH_INDEX_SQL and the search table
 * (search-table-sql.ts).
 */
const RECORDINGS_TABLE = `CREATE TABLE recordings (
  key bigint PRIMARY KEY,
  id text NOT NULL UNIQUE,
  call_id text NOT NULL,
  session_id text,
  telephony_session_id text,
  start_time text NOT NULL,
  duration_seconds integer NOT NULL,
  direction text NOT NULL,
  from_number text,
  from_name text,
  from_extension text,
  from_digits_reversed text,
  to_number text,
  to_name text,
  to_extension text,
  to_digits_reversed text,
  extension_id text,
  recording_type text NOT NULL,
  content_uri text NOT NULL,
  content_type text,
  short_recording boolean NOT NULL DEFAULT false,
  last_modified_time text,
  call_log_json text NOT NULL,
  transcript_status text NOT NULL DEFAULT 'pending',
  transcript_attempts integer NOT NULL DEFAULT 0,
  transcript_next_attempt_at text,
  transcript_error text,
  transcript_fetched_at text,
  transcript_confidence double precision,
  transcript_segment_count integer NOT NULL DEFAULT 0,
  transcript text,
  summary text,
  sentiment text,
  ai_score double precision,
  intent text,
  topics text NOT NULL DEFAULT '[]',
  legal_hold boolean NOT NULL DEFAULT false,
  hold_reason text,
  held_at text,
  audio_path text,
  audio_sha256 text,
  audio_bytes bigint,
  first_seen_at text NOT NULL,
  updated_at text NOT NULL,
  ${SEARCH_VECTOR_COLUMN_SQL}
)`;

const INSIGHTS_TABLE = `CREATE TABLE insights (
  recording_key bigint NOT NULL REFERENCES recordings(key) ON DELETE CASCADE,
  kind text NOT NULL,
  ordinal integer NOT NULL,
  value text NOT NULL,
  speaker_id text,
  start double precision,
  "end" double precision,
  PRIMARY KEY (recording_key, kind, ordinal)
)`;

/** Everything search needs in an empty PostgreSQL database, in order. */
export const SEARCH_SCHEMA_SQL: readonly string[] = [
  ...TEXT_SEARCH_SQL,
  RECORDINGS_TABLE,
  ...SEARCH_INDEX_SQL,
  INSIGHTS_TABLE,
  'CREATE INDEX insights_kind_value_idx ON insights (kind, value, recording_key)',
  ...SEARCH_TABLE_MIGRATION_SQL,
];
