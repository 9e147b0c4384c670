/** Bad usage or bad input on the command line. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** A second line that tells how to do it right, e.g. an example of a valid value. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The id asked for is not in the archive (or no longer at RingCentral). Exit code 4. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A command that decided its own exit code and already said why (e.g. `status --max-age`). */
export class ExitCodeError extends Error {
  override readonly name = 'ExitCodeError';
  constructor(
    readonly exitCode: number,
    message = '',
  ) {
    super(message);
  }
}
