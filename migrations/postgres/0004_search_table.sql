-- The search table, written by hand as 0002_search.sql is: drizzle-kit cannot model storage
-- parameters, triggers or SQL functions. The statements are those of
-- src/db/postgres/search-table-sql.ts, which test/store/postgres-search-migration.test.ts checks them
-- against: a narrow table holding each recording's search vector (out of line) and the columns a
-- search filters on, with the GIN index, kept exact by triggers on recordings; the snippet
-- function; the table filled from the recordings already stored, and the GIN index on recordings
-- it replaces dropped.
CREATE TABLE recording_search (
  key bigint PRIMARY KEY REFERENCES recordings (key) ON DELETE CASCADE ON UPDATE CASCADE,
  direction text NOT NULL,
  sentiment text,
  transcript_status text NOT NULL,
  transcript_segment_count integer NOT NULL,
  search_vector tsvector NOT NULL
) WITH (toast_tuple_target = 128);
--> statement-breakpoint
ALTER TABLE recording_search ALTER COLUMN search_vector SET STORAGE EXTERNAL;
--> statement-breakpoint
CREATE INDEX recording_search_vector_idx ON recording_search USING gin (search_vector);
--> statement-breakpoint
CREATE FUNCTION recording_search_sync() RETURNS trigger
LANGUAGE plpgsql AS $sync$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO recording_search (key, direction, sentiment, transcript_status, transcript_segment_count, search_vector) VALUES (NEW.key, NEW.direction, NEW.sentiment, NEW.transcript_status, NEW.transcript_segment_count, NEW.search_vector);
  ELSE
    UPDATE recording_search SET direction = NEW.direction, sentiment = NEW.sentiment, transcript_status = NEW.transcript_status, transcript_segment_count = NEW.transcript_segment_count, search_vector = NEW.search_vector WHERE key = NEW.key;
  END IF;
  RETURN NULL;
END
$sync$;
--> statement-breakpoint
CREATE TRIGGER recording_search_insert AFTER INSERT ON recordings FOR EACH ROW EXECUTE FUNCTION recording_search_sync();
--> statement-breakpoint
CREATE TRIGGER recording_search_update AFTER UPDATE OF direction, sentiment, transcript_status, transcript_segment_count, transcript, summary, from_name, to_name ON recordings FOR EACH ROW
  WHEN (OLD.direction IS DISTINCT FROM NEW.direction OR OLD.sentiment IS DISTINCT FROM NEW.sentiment OR OLD.transcript_status IS DISTINCT FROM NEW.transcript_status OR OLD.transcript_segment_count IS DISTINCT FROM NEW.transcript_segment_count OR OLD.transcript IS DISTINCT FROM NEW.transcript OR OLD.summary IS DISTINCT FROM NEW.summary OR OLD.from_name IS DISTINCT FROM NEW.from_name OR OLD.to_name IS DISTINCT FROM NEW.to_name)
  EXECUTE FUNCTION recording_search_sync();
--> statement-breakpoint
CREATE FUNCTION recordings_snippet(transcript text, summary text, parties text, query tsquery, options text, probe text) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $snippet$
DECLARE
  before text := regexp_replace(transcript, probe || '.*', '', 'i');
  at integer := CASE WHEN octet_length(before) < octet_length(transcript) THEN length(before) + 1 ELSE 0 END;
  headline text;
BEGIN
  IF at > 0 THEN
    headline := ts_headline('recordings_fts', substr(transcript, greatest(1, at - 80), 160), query, options);
  ELSIF octet_length(transcript) <= 100000 THEN
    headline := ts_headline('recordings_fts', transcript, query, options);
  END IF;
  IF strpos(headline, U&'\E000') > 0 THEN
    RETURN headline;
  END IF;
  headline := ts_headline('recordings_fts', summary, query, options);
  IF strpos(headline, U&'\E000') > 0 THEN
    RETURN headline;
  END IF;
  headline := ts_headline('recordings_fts', parties, query, options);
  IF strpos(headline, U&'\E000') > 0 THEN
    RETURN headline;
  END IF;
  RETURN coalesce(summary, substr(transcript, 1, 161));
END
$snippet$;
--> statement-breakpoint
INSERT INTO recording_search (key, direction, sentiment, transcript_status, transcript_segment_count, search_vector) SELECT key, direction, sentiment, transcript_status, transcript_segment_count, search_vector FROM recordings;
--> statement-breakpoint
ANALYZE recording_search;
--> statement-breakpoint
DROP INDEX recordings_search_vector_idx;
