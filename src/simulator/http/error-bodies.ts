/**
 * RingCentral's error bodies (docs/ringcentral.md, "Error codes"; spec `ApiErrorResponseModel`,
 * `OauthInvalidRequest`). Real responses repeat the first error's code and message at the top level
 * (test/fixtures/ringcentral/examples/error-403-…json); clients should read `errors[].errorCode`.
 */

export interface ApiErrorBody {
  errorCode: string;
  message: string;
  errors: Array<{ errorCode: string; message: string; parameterName?: string; parameterValue?: string; permissionName?: string }>;
  permissionName?: string;
}

export function apiError(errorCode: string, message: string, extra: { parameterName?: string; parameterValue?: string } = {}): ApiErrorBody {
  return { errorCode, message, errors: [{ errorCode, message, ...extra }] };
}

/** `Parameter [dateFrom] value is invalid` (CMN-101), the SDK's message for a 400 (docs/ringcentral.md, "Error codes"). */
export function invalidParameter(name: string, value: string): ApiErrorBody {
  return apiError('CMN-101', `Parameter [${name}] value is invalid`, { parameterName: name, parameterValue: value });
}

export const RATE_EXCEEDED = (): ApiErrorBody => apiError('CMN-301', 'Request rate exceeded');

export const NOT_FOUND = (what: string): ApiErrorBody => apiError('CMN-102', `Resource for parameter [${what}] is not found`);

/** Missing bearer token [inf: shape of RingCentral's API gateway answer]. */
export const AUTH_HEADER_MISSING = (): ApiErrorBody => apiError('AGW-401', 'Authorization header is not specified');

/**
 * An unknown or revoked access token, or one whose session the session limit rotated out: 401
 * `TokenInvalid` / OAU-213 "Token not found" (the shape reported on RingCentral's community forum,
 * "TokenInvalid: OAU-213 (Token not found)").
 */
export function tokenInvalid(): ApiErrorBody {
  return { errorCode: 'TokenInvalid', message: 'Token not found', errors: [{ errorCode: 'OAU-213', message: 'Token not found' }] };
}

/** An access token used just after a refresh replaced it, or damaged: 401 OAU-129 [inf: top-level code]. */
export function tokenCorrupted(): ApiErrorBody {
  return { errorCode: 'TokenInvalid', message: 'Access token corrupted', errors: [{ errorCode: 'OAU-129', message: 'Access token corrupted' }] };
}

/** An access token past its expiry [inf]. */
export function tokenExpired(): ApiErrorBody {
  return { errorCode: 'TokenExpired', message: 'Access token expired', errors: [{ errorCode: 'OAU-213', message: 'Access token expired' }] };
}

/** 5xx from an injected fault. */
export function serverError(status: number): ApiErrorBody {
  if (status === 502) return apiError('AGW-502', 'Bad Gateway');
  if (status === 503) return apiError('CMN-201', 'Service Temporary Unavailable');
  if (status === 504) return apiError('AGW-504', 'Gateway Timeout');
  return apiError('CMN-500', 'Internal Server Error');
}

/** RingSense has nothing for this recording, not processed yet or never (docs/ringcentral.md, "RingSense insights"). */
export const INSIGHTS_NOT_FOUND = (): ApiErrorBody => apiError('RAH-3001', 'Call not found with sourceRecordId');

/**
 * The app lacks the `RingSense` scope: RingCentral's permission error, CMN-401 with the shape of
 * test/fixtures/ringcentral/examples/error-403-insufficient-permissions-ReadCallLog.json.
 */
export function ringSenseScopeMissing(): ApiErrorBody {
  const message = 'In order to call this API endpoint, application needs to have [RingSense] permission';
  return {
    errorCode: 'InsufficientPermissions',
    message,
    errors: [{ errorCode: 'CMN-401', message, permissionName: 'RingSense' }],
    permissionName: 'RingSense',
  };
}

/**
 * The JWT user lacks "AI Conversation Expert – Access Insights" (ReadRingSenseInsights)
 * (docs/design.md, "RingCentral as it really behaves").
 */
export const INSIGHTS_PERMISSION_MISSING = (): ApiErrorBody =>
  apiError('RAH-3005', 'User does not have [ReadRingSenseInsights] permission to access insights');

/** The API gateway knows no such route: a moved beta API, a typo (docs/design.md, "RingCentral as it really behaves"). */
export const NO_SUCH_ROUTE = (): ApiErrorBody => apiError('AGW-404', 'Resource not found');

/**
 * The JWT user lacks the user permission `ReadCompanyCallRecording` for the extension that owns a
 * recording: 403 `CMN-408`, user permission missing (docs/ringcentral.md, "Error codes"), in the
 * shape of RingCentral's permission errors (test/fixtures/ringcentral/examples/error-403-…json).
 */
export function recordingPermissionMissing(): ApiErrorBody {
  const message = 'In order to call this API endpoint, user needs to have [ReadCompanyCallRecording] permission for requested resource.';
  return {
    errorCode: 'CMN-408',
    message,
    errors: [{ errorCode: 'CMN-408', message, permissionName: 'ReadCompanyCallRecording' }],
    permissionName: 'ReadCompanyCallRecording',
  };
}

export interface OAuthErrorBody {
  error: string;
  error_description: string;
  errors: Array<{ errorCode: string; message: string; parameterName?: string }>;
}

/** A `Range` the content cannot serve: 416 CMN-107 (RingCentral's "API Error Codes" page). */
export const RANGE_NOT_SATISFIABLE = (): ApiErrorBody => apiError('CMN-107', 'Requested Range Not Satisfiable');

/** The messages RingCentral gives with the refresh grant's refusals [inf: only the codes are reported]. */
export const REFRESH_REFUSALS = {
  'OAU-210': 'Invalid token',
  'OAU-211': 'Token is revoked or expired',
  'OAU-213': 'Token not found',
} as const;
export type RefreshRefusalCode = keyof typeof REFRESH_REFUSALS;

/** The client itself refused: a wrong secret (OAU-153) or an app RingCentral no longer lets in (OAU-146) [inf: messages]. */
export const CLIENT_REFUSALS = {
  'OAU-146': 'Application is not active',
  'OAU-153': 'Invalid client',
} as const;
export type ClientRefusalCode = keyof typeof CLIENT_REFUSALS;

/** OAuth errors of /restapi/oauth/token (spec `OauthInvalidRequest`; codes OAU-xxx, docs/ringcentral.md, "Error codes"). */
export function oauthError(error: string, errorCode: string, description: string, parameterName?: string): OAuthErrorBody {
  return { error, error_description: description, errors: [{ errorCode, message: description, ...(parameterName ? { parameterName } : {}) }] };
}
