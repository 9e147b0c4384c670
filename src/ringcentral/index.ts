/**
 * The RingCentral client layer. Importing this barrel loads @ringcentral/sdk and zod: commands
 * that only need the error classes import `./errors.js` directly.
 */
export { RingCentralClient, clientOptionsFromConfig, cleanQuery, type RequestOptions, type RingCentralClientOptions, type SessionEvent } from './client.js';
export { RateLimitGovernor, type RateLimitGovernorOptions, type WaitEvent, type WaitReason } from './rate-limit-governor.js';
export { DEFAULT_BUDGETS, groupForUrl, type RateLimitBudget, type RateLimitGroup } from './rate-limit-groups.js';
export { ApiError, AuthError, InvalidResponseError, RangeNotSatisfiableError, TryAgainLaterError } from './errors.js';
export { FileTokenStore, tokenStoreKey } from './token-store.js';
export { fetchCallLogPages, CALL_LOG_PATH, type CallLogPage, type CallLogQuery } from './call-log.js';
export { fetchInsights, type InsightsOptions, type InsightsResult } from './insights.js';
export { hasUserPermission } from './user-permission.js';
export { downloadContent, signedUrl, type ContentClient, type ContentDownload, type DownloadOptions } from './recording-content.js';
export { parseCallLogPage, type InvalidCallLogRecord, type ParsedCallLogPage } from './schemas/parse-call-log-page.js';
export type { CallLogLeg, CallLogRecord, CallLogRecording, CallLogPaging, CallLogNavigation } from './schemas/call-log.js';
export type { InsightType, RecordingInsights } from './schemas/ringsense.js';
export { callLogRecordSchema, callLogLegSchema, callLogPageEnvelopeSchema } from './schemas/call-log.js';
export { recordingInsightsSchema } from './schemas/ringsense.js';
export { recordingInfoSchema } from './schemas/recording.js';
export { tokenInfoSchema } from './schemas/token.js';
export { errorBodySchema } from './schemas/error-body.js';
