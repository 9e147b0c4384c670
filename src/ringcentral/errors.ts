/**
 * Typed API errors. This module imports nothing, so the CLI can map them to exit codes without
 * loading the SDK. Messages never contain tokens, secrets or the JWT.
 */

/** RingCentral answered with an error status. */
export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    /** RingCentral's `errorCode` (e.g. `CMN-102`, `RAH-3001`, `OAU-213`) when the body had one. */
    readonly errorCode: string | null = null,
  ) {
    super(message);
  }
}

/** RingCentral refused the credentials, or a permission or scope is missing. Exit code 3. */
export class AuthError extends ApiError {
  override readonly name = 'AuthError';
}

/**
 * 416 (`CMN-107` "Requested Range Not Satisfiable") to a `Range` request: the bytes already
 * downloaded do not fit the recording as it is now, so the download starts over from byte 0.
 */
export class RangeNotSatisfiableError extends ApiError {
  override readonly name = 'RangeNotSatisfiableError';
}

/**
 * RingCentral stayed rate-limited, unreachable or failing past the retry budget. Exit code 75:
 * nothing is wrong with the request, run it again later.
 */
export class TryAgainLaterError extends Error {
  override readonly name = 'TryAgainLaterError';
}

/** A response did not have the shape the API promises (invalid JSON, wrong types). */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError';
}
