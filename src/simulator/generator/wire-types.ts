/** The simulator's output in RingCentral's wire format (the subset of the spec's schemas it emits). */

export interface PartyWire {
  phoneNumber?: string;
  extensionNumber?: string;
  extensionId?: string;
  name?: string;
  location?: string;
}

export interface RecordingWire {
  uri: string;
  id: string;
  type: 'Automatic' | 'OnDemand';
  contentUri: string;
}

export interface CallLogLegWire {
  startTime: string;
  duration: number;
  durationMs: number;
  type: 'Voice' | 'Fax';
  direction: 'Inbound' | 'Outbound';
  action: string;
  result: string;
  reason?: string;
  reasonDescription?: string;
  to: PartyWire;
  from: PartyWire;
  extension?: { uri: string; id: number };
  telephonySessionId: string;
  partyId?: string;
  transport: 'PSTN' | 'VoIP';
  internalType?: string;
  recording?: RecordingWire;
  shortRecording?: true;
  message?: { id: string; type: string; uri: string };
  legType: string;
  master?: boolean;
}

export interface CallLogRecordWire extends Omit<CallLogLegWire, 'legType' | 'master'> {
  uri: string;
  id: string;
  sessionId: string;
  sipUuidInfo?: string;
  lastModifiedTime?: string;
  billing?: { costIncluded: number; costPurchased: number };
  legs?: CallLogLegWire[];
}

export interface TranscriptSegmentWire {
  speakerId: string;
  text: string;
  start: number;
  end: number;
}

export interface RecordingInsightsWire {
  title: string;
  domain: 'pbx';
  sourceRecordId: string;
  sourceSessionId: string;
  callDirection: 'Inbound' | 'Outbound';
  ownerExtensionId: string;
  recordingDurationMs: number;
  recordingStartTime: string;
  creationTime: string;
  lastModifiedTime: string;
  speakerInfo: Array<{ speakerId: string; name?: string; accountId?: string | null; extensionId?: string | null; phoneNumber?: string }>;
  insights: {
    Transcript?: TranscriptSegmentWire[];
    Summary?: Array<{ value: string; start: number; end: number }>;
    Highlights?: Array<{ speakerId: string; value: string; start: number; end: number }>;
    NextSteps?: Array<{ speakerId: string; value: string; start: number; end: number }>;
    BulletedSummary?: Array<{ value: string }>;
    AIScore?: Array<{ value: string }>;
    CallNotes?: Array<{ value: string }>;
    Sentiment?: Array<{ value: 'Positive' | 'Negative' | 'Neutral' }>;
  };
}

export const INSIGHT_TYPES = ['NextSteps', 'Transcript', 'Summary', 'Highlights', 'BulletedSummary', 'AIScore', 'CallNotes', 'Sentiment'] as const;
export type InsightType = (typeof INSIGHT_TYPES)[number];
