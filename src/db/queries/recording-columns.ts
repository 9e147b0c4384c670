import type { PartyRow } from '../rows.js';

/** The columns every listing selects from `recordings r`. */
export const LISTING_COLUMNS = `r.id, r.call_id, r.session_id, r.telephony_session_id, r.start_time, r.duration_seconds,
  r.direction, r.from_number, r.from_name, r.from_extension, r.to_number, r.to_name, r.to_extension,
  r.recording_type, r.transcript_status, r.transcript_segment_count, r.sentiment, r.topics`;

/** The columns that describe a recording's call, as stored. */
export interface CallColumns {
  key: number;
  id: string;
  call_id: string;
  session_id: string | null;
  telephony_session_id: string | null;
  start_time: string;
  duration_seconds: number;
  direction: string;
  from_number: string | null;
  from_name: string | null;
  from_extension: string | null;
  to_number: string | null;
  to_name: string | null;
  to_extension: string | null;
  recording_type: string;
  transcript_status: string;
}

/** The same, as the JSON of `get` and `search` names them (docs/cli.md, "`recordings get <id>`"). */
export interface CallFields {
  id: string;
  callId: string;
  sessionId: string | null;
  telephonySessionId: string | null;
  startTime: string;
  durationSeconds: number;
  direction: string;
  from: PartyRow;
  to: PartyRow;
  recordingType: string;
  transcriptStatus: string;
}

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

export interface ListingColumns extends CallColumns {
  transcript_segment_count: number;
  sentiment: string | null;
  topics: string;
}

export function party(phoneNumber: string | null, name: string | null, extensionNumber: string | null): PartyRow {
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
