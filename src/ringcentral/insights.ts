import type { RingCentralClient } from './client.js';
import { ApiError, AuthError, InvalidResponseError } from './errors.js';
import { describeIssues } from './schemas/describe-issues.js';
import { recordingInsightsSchema, type InsightType, type RecordingInsights } from './schemas/ringsense.js';

export type InsightsResult =
  | { kind: 'ready'; body: RecordingInsights }
  /** No insights for this recording (yet): 404, e.g. `RAH-3001` "Call not found with sourceRecordId". */
  | { kind: 'not_found'; errorCode: string | null }
  /** Not licensed, scope `RingSense` or the user permission missing (403, docs/ringcentral.md, "RingSense insights"). */
  | { kind: 'forbidden'; reason: string; errorCode: string | null };

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
      return { kind: 'forbidden', reason: error.message, errorCode: error.errorCode };
    }
    if (error instanceof ApiError && error.status === 404) return { kind: 'not_found', errorCode: error.errorCode };
    throw error;
  }
  const parsed = recordingInsightsSchema.safeParse(body);
  if (!parsed.success) {
    throw new InvalidResponseError(`RingCentral sent insights of the wrong shape for recording ${recordingId}: ${describeIssues(parsed.error)}`);
  }
  return { kind: 'ready', body: parsed.data };
}
