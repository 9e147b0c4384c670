/**
 * The reason a run is stopped with (`AbortController.abort(new InterruptedError('SIGINT'))`).
 * An Error, not the bare signal name: code that receives an aborted request's rejection (the SDK
 * among it) decorates it with properties, which a string cannot take.
 */
export class InterruptedError extends Error {
  override readonly name = 'AbortError';

  constructor(readonly signalName: string) {
    super(`stopped by ${signalName}`);
  }
}

/** The signal an aborted signal was stopped by (`SIGTERM`), or what its reason says. */
export function signalNameOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof InterruptedError) return reason.signalName;
  return reason instanceof Error ? reason.message : String(reason);
}

/** What an aborted signal's reason says, for a run record: `stopped by SIGINT`. */
export function describeInterruption(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' && reason ? `stopped by ${reason}` : 'stopped';
}

/**
 * For a phase's `.catch`: work cancelled because `signal` was aborted ended the phase early, which
 * is not a failure; any other error still is.
 */
export function unlessInterrupted(signal: AbortSignal | undefined): (error: unknown) => void {
  return (error) => {
    if (!signal?.aborted) throw error;
  };
}
