CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`action` text NOT NULL,
	`actor` text NOT NULL,
	`recording_id` text,
	`details` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `insights` (
	`recording_key` integer NOT NULL,
	`kind` text NOT NULL,
	`ordinal` integer NOT NULL,
	`value` text NOT NULL,
	`speaker_id` text,
	`start` real,
	`end` real,
	PRIMARY KEY(`recording_key`, `kind`, `ordinal`),
	FOREIGN KEY (`recording_key`) REFERENCES `recordings`(`key`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `insights_kind_value_idx` ON `insights` (`kind`,`value`,`recording_key`);--> statement-breakpoint
CREATE TABLE `recordings` (
	`key` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`call_id` text NOT NULL,
	`session_id` text,
	`telephony_session_id` text,
	`start_time` text NOT NULL,
	`duration_seconds` integer NOT NULL,
	`direction` text NOT NULL,
	`from_number` text,
	`from_name` text,
	`from_extension` text,
	`from_digits_reversed` text,
	`to_number` text,
	`to_name` text,
	`to_extension` text,
	`to_digits_reversed` text,
	`extension_id` text,
	`recording_type` text NOT NULL,
	`content_uri` text NOT NULL,
	`content_type` text,
	`short_recording` integer DEFAULT false NOT NULL,
	`last_modified_time` text,
	`call_log_json` text NOT NULL,
	`transcript_status` text DEFAULT 'pending' NOT NULL,
	`transcript_attempts` integer DEFAULT 0 NOT NULL,
	`transcript_next_attempt_at` text,
	`transcript_error` text,
	`transcript_fetched_at` text,
	`transcript_confidence` real,
	`transcript_segment_count` integer DEFAULT 0 NOT NULL,
	`transcript` text,
	`summary` text,
	`sentiment` text,
	`ai_score` real,
	`intent` text,
	`topics` text DEFAULT '[]' NOT NULL,
	`parties` text GENERATED ALWAYS AS (coalesce(from_name, '') || ' ' || coalesce(to_name, '')) VIRTUAL,
	`legal_hold` integer DEFAULT false NOT NULL,
	`hold_reason` text,
	`held_at` text,
	`audio_path` text,
	`audio_sha256` text,
	`audio_bytes` integer,
	`first_seen_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recordings_id_unique` ON `recordings` (`id`);--> statement-breakpoint
CREATE INDEX `recordings_call_id_idx` ON `recordings` (`call_id`);--> statement-breakpoint
CREATE INDEX `recordings_session_id_idx` ON `recordings` (`session_id`);--> statement-breakpoint
CREATE INDEX `recordings_telephony_session_id_idx` ON `recordings` (`telephony_session_id`);--> statement-breakpoint
CREATE INDEX `recordings_start_time_idx` ON `recordings` (`start_time`);--> statement-breakpoint
CREATE INDEX `recordings_from_digits_idx` ON `recordings` (`from_digits_reversed`);--> statement-breakpoint
CREATE INDEX `recordings_to_digits_idx` ON `recordings` (`to_digits_reversed`);--> statement-breakpoint
CREATE INDEX `recordings_transcript_due_idx` ON `recordings` (`transcript_status`,`transcript_next_attempt_at`);--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`window_from` text,
	`window_to` text,
	`status` text DEFAULT 'running' NOT NULL,
	`recordings_seen` integer DEFAULT 0 NOT NULL,
	`recordings_new` integer DEFAULT 0 NOT NULL,
	`recordings_updated` integer DEFAULT 0 NOT NULL,
	`records_invalid` integer DEFAULT 0 NOT NULL,
	`transcripts_fetched` integer DEFAULT 0 NOT NULL,
	`transcripts_pending` integer DEFAULT 0 NOT NULL,
	`transcripts_unavailable` integer DEFAULT 0 NOT NULL,
	`transcripts_failed` integer DEFAULT 0 NOT NULL,
	`audio_downloaded` integer DEFAULT 0 NOT NULL,
	`api_requests` integer DEFAULT 0 NOT NULL,
	`error` text,
	`pid` integer
);
--> statement-breakpoint
CREATE INDEX `sync_runs_started_at_idx` ON `sync_runs` (`started_at`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `transcript_segments` (
	`recording_key` integer NOT NULL,
	`ordinal` integer NOT NULL,
	`speaker_id` text,
	`speaker_name` text,
	`start` real,
	`end` real,
	`text` text NOT NULL,
	PRIMARY KEY(`recording_key`, `ordinal`),
	FOREIGN KEY (`recording_key`) REFERENCES `recordings`(`key`) ON UPDATE no action ON DELETE cascade
);
