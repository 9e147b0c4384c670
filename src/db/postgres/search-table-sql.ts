import { MATCH_START, PREVIEW_CHARS, SNIPPET_MAX_CHARS } from '../queries/search.js';
import { TEXT_SEARCH_CONFIG } from './text-search-names.js';

/**
 * The search table: per recording, its search vector and the columns a search filters on, in narrow
 * rows. A search's exact total visits the heap row of every match to check that it is visible:
 * `recordings` holds ~5 rows to a page (the call-log JSON, the transcript, the vector), this table
 * ~37, so counting 10,000 matches reads ~2,500 small pages instead of ~8,100 wide ones, and a filter
 * (`--direction`, a date range) is tested on the same rows (src/db/postgres/search.ts).
 *
 * A vector that `recordings` keeps out of line (its row is over ~2 KB: a call with a transcript)
 * arrives here out of line too and is stored out of line again, uncompressed (`toast_tuple_target`
 * lets PostgreSQL move it from this small row, `STORAGE EXTERNAL` keeps ranking from decompressing
 * it); smaller ones stay in the row, as PostgreSQL moves nothing out of a row under ~2 KB.
 *
 * Triggers on `recordings` keep it exact: a row is added with each recording, rewritten when a
 * column it copies changes (a transcript arriving changes the vector, status and sentiment) and goes
 * with the recording (the foreign key). The vector is `recordings.search_vector`, computed once,
 * when the recording is written.
 */
const SEARCH_TABLE = `CREATE TABLE recording_search (
  key bigint PRIMARY KEY REFERENCES recordings (key) ON DELETE CASCADE ON UPDATE CASCADE,
  direction text NOT NULL,
  sentiment text,
  transcript_status text NOT NULL,
  transcript_segment_count integer NOT NULL,
  search_vector tsvector NOT NULL
) WITH (toast_tuple_target = 128)`;

/** The columns copied from `recordings`, in this order. */
const COPIED = ['direction', 'sentiment', 'transcript_status', 'transcript_segment_count', 'search_vector'];
/** What the copied columns are made of: a change to any of these may change the row. */
const SOURCES = ['direction', 'sentiment', 'transcript_status', 'transcript_segment_count', 'transcript', 'summary', 'from_name', 'to_name'];

const SYNC_FUNCTION = `CREATE FUNCTION recording_search_sync() RETURNS trigger
LANGUAGE plpgsql AS $sync$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO recording_search (key, ${COPIED.join(', ')}) VALUES (NEW.key, ${COPIED.map((column) => `NEW.${column}`).join(', ')});
  ELSE
    UPDATE recording_search SET ${COPIED.map((column) => `${column} = NEW.${column}`).join(', ')} WHERE key = NEW.key;
  END IF;
  RETURN NULL;
END
$sync$`;

const INSERT_TRIGGER = 'CREATE TRIGGER recording_search_insert AFTER INSERT ON recordings FOR EACH ROW EXECUTE FUNCTION recording_search_sync()';

/** Fires only when a source column is set and differs: an update of audio state or a hold leaves the row alone. */
const UPDATE_TRIGGER = `CREATE TRIGGER recording_search_update AFTER UPDATE OF ${SOURCES.join(', ')} ON recordings FOR EACH ROW
  WHEN (${SOURCES.map((column) => `OLD.${column} IS DISTINCT FROM NEW.${column}`).join(' OR ')})
  EXECUTE FUNCTION recording_search_sync()`;

/**
 * A hit's snippet (src/db/postgres/search.ts): ts_headline over the first column with a
 * highlighted match — transcript, summary, party names — else the summary or the transcript's
 * start. Of a transcript ts_headline reads a stretch of 2 × SNIPPET_CONTEXT characters around where
 * `probe` (a regular expression for the first word's lexeme) first matches, or, when it matches
 * nowhere, the whole transcript up to SNIPPET_MAX_CHARS bytes. Where the probe first matches is the
 * length of the text left when the match and all after it go (regexp_instr would say it directly,
 * but only from PostgreSQL 15); a NULL probe leaves `at` 0. Each next headline is made only when the one
 * before has no match: a function, so that the search statement stays cheap to plan.
 */
/** Characters of transcript on either side of the probed match that ts_headline gets to read. */
const SNIPPET_CONTEXT = 80;
/** The highlight's start marker as an SQL literal (the migration's text stays printable). */
const MARK = `U&'\\${MATCH_START.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}'`;

const SNIPPET_FUNCTION = `CREATE FUNCTION recordings_snippet(transcript text, summary text, parties text, query tsquery, options text, probe text) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $snippet$
DECLARE
  before text := regexp_replace(transcript, probe || '.*', '', 'i');
  at integer := CASE WHEN octet_length(before) < octet_length(transcript) THEN length(before) + 1 ELSE 0 END;
  headline text;
BEGIN
  IF at > 0 THEN
    headline := ts_headline('${TEXT_SEARCH_CONFIG}', substr(transcript, greatest(1, at - ${SNIPPET_CONTEXT}), ${2 * SNIPPET_CONTEXT}), query, options);
  ELSIF octet_length(transcript) <= ${SNIPPET_MAX_CHARS} THEN
    headline := ts_headline('${TEXT_SEARCH_CONFIG}', transcript, query, options);
  END IF;
  IF strpos(headline, ${MARK}) > 0 THEN
    RETURN headline;
  END IF;
  headline := ts_headline('${TEXT_SEARCH_CONFIG}', summary, query, options);
  IF strpos(headline, ${MARK}) > 0 THEN
    RETURN headline;
  END IF;
  headline := ts_headline('${TEXT_SEARCH_CONFIG}', parties, query, options);
  IF strpos(headline, ${MARK}) > 0 THEN
    RETURN headline;
  END IF;
  RETURN coalesce(summary, substr(transcript, 1, ${PREVIEW_CHARS + 1}));
END
$snippet$`;

/** The search table, its index and triggers, and the snippet function: what search needs besides text-search-sql.ts. */
export const SEARCH_TABLE_SQL: readonly string[] = [
  SEARCH_TABLE,
  'ALTER TABLE recording_search ALTER COLUMN search_vector SET STORAGE EXTERNAL',
  'CREATE INDEX recording_search_vector_idx ON recording_search USING gin (search_vector)',
  SYNC_FUNCTION,
  INSERT_TRIGGER,
  UPDATE_TRIGGER,
  SNIPPET_FUNCTION,
];

/**
 * Migration 0004 (migrations/postgres/0004_search_table.sql): the above, the search table filled
 * from the recordings already there, and the GIN index on `recordings` that the search table
 * replaces dropped.
 */
export const SEARCH_TABLE_MIGRATION_SQL: readonly string[] = [
  ...SEARCH_TABLE_SQL,
  `INSERT INTO recording_search (key, ${COPIED.join(', ')}) SELECT key, ${COPIED.join(', ')} FROM recordings`,
  'ANALYZE recording_search',
  'DROP INDEX recordings_search_vector_idx',
];
