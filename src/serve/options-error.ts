/** `recordings serve` was started with options it refuses to run with (exit 2): which, and how to fix it. */
export class ServeOptionError extends Error {
  override readonly name = 'ServeOptionError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
