import type { Party, Recording, RecordingColumn, RecordingColumns } from '../row-types.js';

/** The columns that describe a recording's call (CallColumns). */
export const CALL_COLUMN_NAMES = [
  'id',
  'call_id',
  'session_id',
  'telephony_session_id',
  'start_time',
  'duration_seconds',
  'direction',
  'from_number',
  'from_name',
  'from_extension',
  'to_number',
  'to_name',
  'to_extension',
  'recording_type',
  'transcript_status',
] as const satisfies readonly RecordingColumn[];

/** The columns every listing reads (ListingColumns). */
export const LISTING_COLUMN_NAMES = [...CALL_COLUMN_NAMES, 'transcript_segment_count', 'sentiment', 'topics'] as const satisfies readonly RecordingColumn[];

/** LISTING_COLUMN_NAMES as a select list of `recordings r`. */
export const LISTING_COLUMNS = LISTING_COLUMN_NAMES.map((name) => `r.${name}`).join(', ');

/** The columns that describe a recording's call, as stored, with its key. */
export type CallColumns = Pick<RecordingColumns, 'key' | (typeof CALL_COLUMN_NAMES)[number]>;

/** The same, as the JSON of `get` and `search` names them (docs/cli.md, "`recordings get <id>`"). */
export type CallFields = Pick<
  Recording,
  'id' | 'callId' | 'sessionId' | 'telephonySessionId' | 'startTime' | 'durationSeconds' | 'direction' | 'recordingType' | 'transcriptStatus'
> & { from: Party; to: Party };

export function callFields(row: CallColumns): CallFields {
  return {
    id: row.id,
    callId: row.call_id,
    sessionId: row.session_id,
    telephonySessionId: row.telephony_session_id,
    startTime: row.start_time,
    durationSeconds: row.duration_seconds,
    direction: row.direction,
    from: party(row.from_number, row.from_name, row.from_extension),
    to: party(row.to_number, row.to_name, row.to_extension),
    recordingType: row.recording_type,
    transcriptStatus: row.transcript_status,
  };
}

export type ListingColumns = Pick<RecordingColumns, 'key' | (typeof LISTING_COLUMN_NAMES)[number]>;

export function party(phoneNumber: string | null, name: string | null, extensionNumber: string | null): Party {
  return { phoneNumber, name, extensionNumber };
}

/** The stored JSON array of topic names; anything unreadable counts as none. */
export function topicList(json: string | null): string[] {
  if (!json || json === '[]') return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export function hasTranscript(status: string, segmentCount: number): boolean {
  return status === 'ready' && segmentCount > 0;
}
