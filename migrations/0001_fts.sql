-- Full-text index over transcripts, summaries and party names. drizzle-kit cannot model FTS5
-- virtual tables, so this migration is written by hand. External content: the text lives once, in
-- `recordings`; the index rowid is recordings.key, which follows start time, so newest-first over
-- matches is a rowid order. Upserts must use INSERT ... ON CONFLICT DO UPDATE (an UPDATE to the
-- triggers), never INSERT OR REPLACE, which would delete rows behind the triggers' back.
CREATE VIRTUAL TABLE `recordings_fts` USING fts5(
	transcript,
	summary,
	parties,
	content='recordings',
	content_rowid='key',
	tokenize='porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `recordings_fts_after_insert` AFTER INSERT ON `recordings` BEGIN
	INSERT INTO recordings_fts(rowid, transcript, summary, parties)
	VALUES (new.key, new.transcript, new.summary, new.parties);
END;
--> statement-breakpoint
CREATE TRIGGER `recordings_fts_after_delete` AFTER DELETE ON `recordings` BEGIN
	INSERT INTO recordings_fts(recordings_fts, rowid, transcript, summary, parties)
	VALUES ('delete', old.key, old.transcript, old.summary, old.parties);
END;
--> statement-breakpoint
-- Only the indexed columns: status, attempt and audio updates must not churn the index.
CREATE TRIGGER `recordings_fts_after_update` AFTER UPDATE OF transcript, summary, from_name, to_name ON `recordings` BEGIN
	INSERT INTO recordings_fts(recordings_fts, rowid, transcript, summary, parties)
	VALUES ('delete', old.key, old.transcript, old.summary, old.parties);
	INSERT INTO recordings_fts(rowid, transcript, summary, parties)
	VALUES (new.key, new.transcript, new.summary, new.parties);
END;
