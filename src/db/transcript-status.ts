/** The states a recording's transcript may be in (docs/design.md, "Sync", step 5). */
export const TRANSCRIPT_STATUSES = ['pending', 'ready', 'unavailable', 'not_licensed', 'skipped', 'failed'] as const;
export type TranscriptStatus = (typeof TRANSCRIPT_STATUSES)[number];
