import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { QueryError } from '../query/errors.js';
import { safeJson } from '../query/json.js';

/**
 * The codes of the API's errors (docs/cli.md, "`recordings serve`"): `{ "error": { "code", "message" } }`
 * with a `hint` when there is one. `forbidden` is a request that no token would make acceptable:
 * one through a proxy to a server that has no tokens.
 */
export type ApiErrorCode = 'not_found' | 'bad_request' | 'unauthorized' | 'forbidden' | 'unavailable' | 'internal';

const STATUS: Record<ApiErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  internal: 500,
  unavailable: 503,
};

export interface ApiError {
  code: ApiErrorCode;
  message: string;
  hint?: string | undefined;
}

/** The error a thrown value stands for: the query layer's own, or `internal`, which says nothing of its cause. */
export function apiErrorOf(error: unknown): ApiError {
  if (error instanceof QueryError) return { code: error.code, message: error.message, hint: error.hint };
  return { code: 'internal', message: 'unexpected failure: the server logged it' };
}

export function statusOf(code: ApiErrorCode): ContentfulStatusCode {
  return STATUS[code];
}

/** An error as the API answers it; never a stack trace. */
export function jsonError(c: Context, error: ApiError, headers: Record<string, string> = {}, status: ContentfulStatusCode = statusOf(error.code)): Response {
  const body = { error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } };
  return c.body(`${safeJson(body, 2)}\n`, status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
}

/** JSON as the CLI prints it (`--json`): two-space indent and a final newline, so the two can be compared byte for byte. */
export function jsonBody(c: Context, value: unknown): Response {
  return c.body(`${safeJson(value, 2)}\n`, 200, { 'Content-Type': 'application/json; charset=utf-8' });
}
