/**
 * Why a query cannot be answered, in words both the CLI and `serve` can pass on: the CLI maps the
 * code to an exit code, `serve` to an HTTP status (docs/cli.md, "`recordings serve`").
 * - `bad_request`: a filter or parameter is not valid (exit 2, HTTP 400);
 * - `not_found`: the id asked for is not in the archive (exit 4, HTTP 404);
 * - `unavailable`: there is no archive yet, or the database cannot be used now (HTTP 503).
 */
export type QueryErrorCode = 'bad_request' | 'not_found' | 'unavailable';

export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(
    readonly code: QueryErrorCode,
    message: string,
    /** A second line that tells how to do it right, e.g. an example of a valid value. */
    readonly hint?: string,
    /** What the database layer said, when this stands for one of its errors. */
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A parameter's value is not valid: the message names the parameter as the caller spells it. */
export function badRequest(message: string, hint?: string): QueryError {
  return new QueryError('bad_request', message, hint);
}
