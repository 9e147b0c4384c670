import { and, eq, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { RecordingInsert, TranscriptRow } from '../row-types.js';
import type { insights, transcriptSegments } from '../sqlite/schema.js';
import type { TranscriptStateChange } from '../store.js';
import type { RecordingsTable } from './tables.js';

/**
 * How a transcript and its insights are stored, on either dialect (src/db/sqlite/write-recordings.ts,
 * src/db/postgres/write-recordings.ts): the segment and insight rows that replace the recording's
 * old ones, and the recording's fields that go with them; and which transcripts are due
 * (src/db/sqlite/sync-state.ts, src/db/postgres/sync-state.ts).
 */

/** `pending` and past its next attempt, or never tried (docs/design.md, "Sync", step 5). */
export function transcriptDue(table: RecordingsTable, now: string): SQL | undefined {
  return and(eq(table.transcriptStatus, 'pending'), or(isNull(table.transcriptNextAttemptAt), lte(table.transcriptNextAttemptAt, now)));
}

/**
 * A due transcript as the transcript phase takes it. Rows stored before owners were tracked fall back
 * to the extension mapped then: the carrying leg's too, except when several legs with different
 * extensions repeat one recording.
 */
export function dueTranscriptFields<T extends RecordingsTable>(table: T): { id: T['id']; startTime: T['startTime']; durationSeconds: T['durationSeconds']; attempts: T['transcriptAttempts']; ownerExtensionId: SQL<string | null> } {
  return {
    id: table.id,
    startTime: table.startTime,
    durationSeconds: table.durationSeconds,
    attempts: table.transcriptAttempts,
    ownerExtensionId: sql<string | null>`coalesce(${table.ownerExtensionId}, ${table.extensionId})`,
  };
}

/** The states `sync --retry` makes due again. */
export const RETRIED_TRANSCRIPTS = ['pending', 'unavailable', 'failed', 'not_licensed'];

export type SegmentInsert = typeof transcriptSegments.$inferInsert;
export type InsightInsert = typeof insights.$inferInsert;

export const SEGMENT_FIELDS = ['recordingKey', 'ordinal', 'speakerId', 'speakerName', 'start', 'end', 'text'] as const satisfies readonly (keyof SegmentInsert)[];
export const INSIGHT_FIELDS = ['recordingKey', 'kind', 'ordinal', 'value', 'speakerId', 'start', 'end'] as const satisfies readonly (keyof InsightInsert)[];

export function segmentValues(key: number, transcript: TranscriptRow): Required<SegmentInsert>[] {
  return transcript.segments.map((s, ordinal) => ({ recordingKey: key, ordinal, speakerId: s.speakerId, speakerName: s.speakerName, start: s.start, end: s.end, text: s.text }));
}

/** Highlights, next steps and topics, each numbered within its kind. */
export function insightValues(key: number, transcript: TranscriptRow): Required<InsightInsert>[] {
  const valued = (kind: string) => (v: TranscriptRow['highlights'][number], ordinal: number) => ({ recordingKey: key, kind, ordinal, value: v.value, speakerId: v.speakerId, start: v.start, end: v.end });
  return [
    ...transcript.highlights.map(valued('highlight')),
    ...transcript.nextSteps.map(valued('next_step')),
    ...transcript.topics.map((value, ordinal) => ({ recordingKey: key, kind: 'topic', ordinal, value, speakerId: null, start: null, end: null })),
  ];
}

/** The recording's fields a transcript state change sets; the attempt count goes up by `attempted` beside them. */
export const STATE_FIELDS = ['transcriptStatus', 'transcriptNextAttemptAt', 'transcriptError', 'updatedAt'] as const satisfies readonly (keyof RecordingInsert)[];

export type StateValues = Required<Pick<RecordingInsert, (typeof STATE_FIELDS)[number]>>;

export function stateValues(change: TranscriptStateChange, now: string): StateValues {
  return { transcriptStatus: change.status, transcriptNextAttemptAt: change.nextAttemptAt, transcriptError: change.error, updatedAt: now };
}

/** The recording's fields a stored transcript (or first-stage insights) sets, with its state. */
export const TRANSCRIPT_FIELDS = [
  ...STATE_FIELDS,
  'transcriptFetchedAt',
  'transcriptConfidence',
  'transcriptSegmentCount',
  'transcript',
  'summary',
  'sentiment',
  'aiScore',
  'intent',
  'topics',
] as const satisfies readonly (keyof RecordingInsert)[];

export type TranscriptValues = Required<Pick<RecordingInsert, (typeof TRANSCRIPT_FIELDS)[number]>>;

export function transcriptValues(transcript: TranscriptRow, change: TranscriptStateChange, now: string): TranscriptValues {
  return {
    ...stateValues(change, now),
    transcriptFetchedAt: change.status === 'ready' ? now : null,
    transcriptConfidence: transcript.confidence,
    transcriptSegmentCount: transcript.segments.length,
    // Segment texts joined by newlines: what full-text search indexes and quotes.
    transcript: transcript.segments.length > 0 ? transcript.segments.map((s) => s.text).join('\n') : null,
    summary: transcript.summary,
    sentiment: transcript.sentiment,
    aiScore: transcript.aiScore,
    intent: transcript.intent,
    topics: JSON.stringify(transcript.topics),
  };
}
