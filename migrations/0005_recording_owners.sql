CREATE TABLE `recording_owners` (
	`extension_id` text PRIMARY KEY NOT NULL,
	`extension_number` text,
	`name` text,
	`insights_seen_at` text,
	`unavailable_streak` integer DEFAULT 0 NOT NULL,
	`sparse_since` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `recordings` ADD `owner_extension_id` text;