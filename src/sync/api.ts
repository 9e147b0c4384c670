import type { ContentClient } from '../ringcentral/recording-content.js';
import type { RingSenseRefusal } from '../ringcentral/ringsense-answers.js';
import type { CallLogRecordLike } from './map-call-log-record.js';
import type { RingSenseInsightsLike } from './map-insights.js';

/** One page of the call log, validated record by record. */
export interface CallLogPage {
  records: CallLogRecordLike[];
  /** Records that failed validation: skipped, logged and counted; the rest of the page is kept. */
  invalid: InvalidRecord[];
}

export interface InvalidRecord {
  /** The record id when it could be read. */
  id: string | null;
  /** The record's start time when it could be read: where the window must reach to re-read it. */
  startTime: string | null;
  error: string;
}

export type InsightsResult =
  /** 200: all insights, or only the AI Notes (no `Transcript`) before RingSense's full analysis. */
  | { kind: 'ready'; body: RingSenseInsightsLike }
  /** 404 (RAH-3001): no insights for this recording, not yet, or its owner has no licence. */
  | { kind: 'not_found' }
  /** 403: the user permission (RAH-3005), the app's scope (CMN-401), or another refusal. */
  | { kind: 'forbidden'; cause: RingSenseRefusal; reason: string }
  /** 404 AGW-404: the RingSense route does not exist (the beta API moved). */
  | { kind: 'route_missing'; reason: string };

/**
 * What sync needs from RingCentral. src/ringcentral implements it over the SDK; sync knows
 * nothing of HTTP, tokens or rate limits.
 */
export interface SyncApi {
  callLogPages(window: { dateFrom: string; dateTo: string }, signal?: AbortSignal): AsyncIterable<CallLogPage>;
  insights(recordingId: string, signal?: AbortSignal): Promise<InsightsResult>;
  /** Recording content, for the audio module's downloader (governed, authenticated GETs). */
  content: ContentClient;
  /** Requests sent so far, retries included. */
  requestCount(): number;
}
