ALTER TABLE `recordings` ADD `audio_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `recordings` ADD `audio_next_attempt_at` text;--> statement-breakpoint
ALTER TABLE `recordings` ADD `audio_not_found_since` text;--> statement-breakpoint
ALTER TABLE `recordings` ADD `audio_error` text;--> statement-breakpoint
CREATE INDEX `recordings_audio_due_idx` ON `recordings` (`audio_status`,`audio_next_attempt_at`);--> statement-breakpoint
-- One 404 used to mark audio missing for good, even just after the call: a recording still inside RingCentral's default retention (90 days) gets another chance.
UPDATE `recordings` SET `audio_status` = NULL WHERE `audio_status` = 'missing' AND `start_time` > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-90 days');
