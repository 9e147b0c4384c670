import type { RingCentralClient } from './client.js';
import { ApiError, AuthError, InvalidResponseError } from './errors.js';
import { type RingSenseRefusal, refusalOf } from './ringsense-answers.js';
import { describeIssues } from './schemas/describe-issues.js';
import { recordingInsightsSchema, type InsightType, type RecordingInsights } from './schemas/ringsense.js';

/**
 * What RingSense answered, told apart by HTTP status and RingCentral's `errorCode`, never by the
 * message, whose wording varies (docs/ringcentral.md, "As it really behaves").
 */
export type InsightsResult =
  | { kind: 'ready'; body: RecordingInsights }
  /**
   * No insights for this recording: 404 `RAH-3001` "Call not found with sourceRecordId". Not
   * processed yet, never will be, or its owner has no AI Conversation Expert licence: RingCentral
   * gives all three the same answer.
   */
  | { kind: 'not_found'; errorCode: string | null }
  /** 403: `RAH-3005` the user permission, `CMN-401` the app's `RingSense` scope, or another refusal. */
  | { kind: 'forbidden'; cause: RingSenseRefusal; reason: string; errorCode: string | null }
  /** 404 `AGW-404`: the API gateway knows no such route (the beta API has moved), not "no insights". */
  | { kind: 'route_missing'; reason: string };

export interface InsightsOptions {
  /** Omitted: all types. Sent as one comma-joined value (spec: style form, explode false). */
  insightTypes?: readonly InsightType[];
  /** RingEX voice is `pbx` (docs/ringcentral.md, "RingSense insights"). */
  domain?: string;
  signal?: AbortSignal | undefined;
}

/** RingSense insights of one recording (`sourceRecordId` = call-log `recording.id`), Light group. */
export async function fetchInsights(
  client: RingCentralClient,
  recordingId: string,
  options: InsightsOptions = {},
): Promise<InsightsResult> {
  const domain = encodeURIComponent(options.domain ?? 'pbx');
  const path = `/ai/ringsense/v1/public/accounts/~/domains/${domain}/records/${encodeURIComponent(recordingId)}/insights`;
  let body: unknown;
  try {
    body = await client.getJson(path, {
      query: { insightTypes: options.insightTypes?.length ? options.insightTypes.join(',') : undefined },
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof AuthError && error.status === 403) {
      return { kind: 'forbidden', cause: refusalOf(error.errorCode), reason: error.message, errorCode: error.errorCode };
    }
    if (error instanceof ApiError && error.status === 404) {
      if (error.errorCode === 'AGW-404') return { kind: 'route_missing', reason: error.message };
      return { kind: 'not_found', errorCode: error.errorCode };
    }
    throw error;
  }
  const parsed = recordingInsightsSchema.safeParse(body);
  if (!parsed.success) {
    throw new InvalidResponseError(`RingCentral sent insights of the wrong shape for recording ${recordingId}: ${describeIssues(parsed.error)}`);
  }
  return { kind: 'ready', body: parsed.data };
}
