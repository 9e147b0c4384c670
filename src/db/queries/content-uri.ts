import type { Database } from 'better-sqlite3';

/** The recording's `contentUri` as the call log gave it: use the URL as returned (docs/ringcentral.md, "Recording content"). */
export function contentUriOf(db: Database, recordingId: string): string | null {
  const row = db.prepare('SELECT content_uri FROM recordings WHERE id = ?').pluck().get(recordingId) as string | undefined;
  return row ?? null;
}
