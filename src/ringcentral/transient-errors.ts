/**
 * Which failures are worth another attempt: our own per-request timeout and the ways a connection
 * breaks (reset, refused, hang-up, premature close). Everything else (bad URL, a bug) is not.
 */

/** Thrown when an attempt got no complete answer within the request timeout. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${formatSeconds(timeoutMs)}`);
  }
}

/**
 * A 2xx JSON response whose body does not parse: a cut-short or garbled transfer more often than a
 * server bug, so it is retried; if it stays broken the caller gets `finalError`.
 */
export class MalformedBodyError extends Error {
  override readonly name = 'MalformedBodyError';
  constructor(readonly finalError: Error) {
    super('invalid JSON');
  }
}

export interface TransientFailure {
  kind: 'timeout' | 'network' | 'malformed';
  /** Short and secret-free, e.g. `ECONNRESET` or `no answer within 30 s`. */
  detail: string;
  /** Thrown instead of TryAgainLaterError when the retry budget is spent. */
  finalError?: Error;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

const NETWORK_MESSAGES = /socket hang up|premature close|other side closed|^terminated$|^fetch failed$/i;

export function classifyTransientError(error: unknown): TransientFailure | null {
  if (error instanceof RequestTimeoutError) return { kind: 'timeout', detail: error.message };
  if (error instanceof MalformedBodyError) return { kind: 'malformed', detail: error.message, finalError: error.finalError };
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof RequestTimeoutError) return { kind: 'timeout', detail: current.message };
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return { kind: 'network', detail: code };
    if (typeof message === 'string' && NETWORK_MESSAGES.test(message)) {
      const inner = (current as { cause?: unknown }).cause;
      if (!inner) return { kind: 'network', detail: message };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
