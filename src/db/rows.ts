/** A party of a call as stored: E.164 number when there is one, else only an extension number. */
export interface PartyRow {
  phoneNumber: string | null;
  name: string | null;
  extensionNumber: string | null;
}

/** What the call log says about one recording: the columns sync owns and may overwrite. */
export interface CallRecordingRow {
  id: string;
  callId: string;
  sessionId: string | null;
  telephonySessionId: string | null;
  /** ISO-8601 UTC with milliseconds, e.g. 2026-11-20T17:04:05.000Z. */
  startTime: string;
  durationSeconds: number;
  direction: 'Inbound' | 'Outbound';
  from: PartyRow;
  to: PartyRow;
  extensionId: string | null;
  /** The extension that owns the recording for RingSense (its licence decides), when the call log names one. */
  owner?: RecordingOwnerRow | null;
  recordingType: string;
  contentUri: string;
  shortRecording: boolean;
  lastModifiedTime: string | null;
  /** The call-log record the recording came from, as RingCentral sent it. */
  callLogJson: string;
  /** The transcript state a new row starts in: `skipped` for recordings too short to transcribe. */
  transcriptStatusOnInsert: 'pending' | 'skipped';
}

/** An extension that owns recordings, as far as the call log describes it. */
export interface RecordingOwnerRow {
  extensionId: string;
  extensionNumber: string | null;
  name: string | null;
}

export interface SegmentRow {
  speakerId: string | null;
  speakerName: string | null;
  start: number | null;
  end: number | null;
  text: string;
}

export interface InsightValueRow {
  value: string;
  speakerId: string | null;
  start: number | null;
  end: number | null;
}

/** A transcript and the insights that come with it (RingSense, plus keyword topics and intent). */
export interface TranscriptRow {
  segments: SegmentRow[];
  confidence: number | null;
  summary: string | null;
  sentiment: string | null;
  aiScore: number | null;
  highlights: InsightValueRow[];
  nextSteps: InsightValueRow[];
  topics: string[];
  intent: string | null;
}

export const TRANSCRIPT_STATUSES = ['pending', 'ready', 'unavailable', 'not_licensed', 'skipped', 'failed'] as const;
export type TranscriptStatus = (typeof TRANSCRIPT_STATUSES)[number];
