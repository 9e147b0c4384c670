import { ApiError, AuthError, InvalidResponseError, RangeNotSatisfiableError, TryAgainLaterError } from './errors.js';
import { errorBodySchema, type ErrorBody } from './schemas/error-body.js';

/** The HTTP status the SDK attached to an error (`e.response`, docs/ringcentral.md, "The JavaScript SDK"), or null. */
export function statusOf(error: unknown): number | null {
  const response = (error as { response?: { status?: unknown } } | null)?.response;
  return response && typeof response.status === 'number' ? response.status : null;
}

/**
 * The SDK decorates every error it sees with `request` (whose headers hold the Bearer token or the
 * Basic client secret) and `response` (docs/ringcentral.md, "The JavaScript SDK"). Nothing of ours keeps them.
 */
export function scrubSdkError(error: unknown): void {
  if (typeof error !== 'object' || error === null) return;
  const record = error as Record<string, unknown>;
  delete record.request;
  delete record.response;
  if (typeof record.originalMessage === 'string' && error instanceof Error) {
    error.message = record.originalMessage;
  }
  delete record.originalMessage;
}

export interface TypedErrorContext {
  /** The request path, no query. */
  path: string;
  /** The request went to the token endpoint (a JWT login or a refresh). */
  tokenEndpoint: boolean;
  redact: (text: string) => string;
}

/**
 * Turns whatever the SDK threw into one of our typed errors, with a message that names the
 * request, RingCentral's reason and errorCode, and no secret.
 */
export async function toTypedError(error: unknown, context: TypedErrorContext): Promise<Error> {
  const { redact } = context;
  const status = statusOf(error);
  const response = (error as { response?: Response } | null)?.response;
  if (status === null || !response) {
    scrubSdkError(error);
    if (error instanceof TryAgainLaterError) return new TryAgainLaterError(redact(error.message));
    if (error instanceof InvalidResponseError) return new InvalidResponseError(redact(error.message));
    if (error instanceof AuthError) return new AuthError(redact(error.message), error.status, error.errorCode);
    if (error instanceof RangeNotSatisfiableError) return new RangeNotSatisfiableError(redact(error.message), error.status, error.errorCode);
    if (error instanceof ApiError) return new ApiError(redact(error.message), error.status, error.errorCode);
    if (error instanceof Error) {
      error.message = redact(error.message);
      return error;
    }
    return new Error(redact(String(error)));
  }
  const body = await readErrorBody(response);
  scrubSdkError(error);
  const code = body?.errors?.[0]?.errorCode ?? body?.errorCode ?? body?.error ?? null;
  const reason = redact(reasonOf(body) ?? `HTTP ${status}`);
  const codeText = code ? `, ${code}` : '';
  if (status >= 200 && status < 300) {
    return new InvalidResponseError(`RingCentral sent an unusable answer for ${context.path}: ${reason}`);
  }
  if (context.tokenEndpoint && status >= 400 && status < 500) {
    return new AuthError(`RingCentral refused the credentials (HTTP ${status}${codeText}): ${reason}`, status, code);
  }
  if (status === 401) {
    return new AuthError(`RingCentral rejected the session for GET ${context.path} (HTTP 401${codeText}): ${reason}`, status, code);
  }
  if (status === 403) {
    return new AuthError(`RingCentral denied access to GET ${context.path} (HTTP 403${codeText}): ${reason}`, status, code);
  }
  if (status === 416) {
    return new RangeNotSatisfiableError(`RingCentral cannot serve the requested byte range of ${context.path} (HTTP 416${codeText}): ${reason}`, status, code);
  }
  return new ApiError(`RingCentral answered HTTP ${status} for GET ${context.path}${code ? ` (${code})` : ''}: ${reason}`, status, code);
}

async function readErrorBody(response: Response): Promise<ErrorBody | null> {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(await response.clone().text()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** RingCentral's explanation, preferring the OAuth description and the first error's message. */
function reasonOf(body: ErrorBody | null): string | null {
  if (!body) return null;
  const text = body.error_description ?? body.errors?.[0]?.message ?? body.message ?? body.description ?? body.error;
  return text ? text.replace(/\s+/g, ' ').trim().slice(0, 300) : null;
}
