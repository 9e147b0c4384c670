import { groupForUrl } from './rate-limit-groups.js';
import type { RateLimitGovernor } from './rate-limit-governor.js';
import { InvalidResponseError } from './errors.js';
import { MalformedBodyError, RequestTimeoutError } from './transient-errors.js';

export interface GovernedFetchOptions {
  governor: RateLimitGovernor;
  timeoutMs: number;
  /** Called once per attempt put on the wire (retries included). */
  onAttempt?: () => void;
  baseFetch?: typeof fetch;
}

/**
 * The `fetch` handed to the SDK: the SDK calls `externals.fetch(request)` for every request, the token
 * endpoint included (docs/ringcentral.md, "The JavaScript SDK"). Every attempt goes through the one governor, gets its own
 * timeout, and is counted. JSON and error bodies are read inside the timeout, so a body that stalls
 * or a connection dropped mid-body is retried like any other transient failure, and so is a 2xx
 * JSON body that does not parse (a garbled transfer; it ends as InvalidResponseError); audio bodies are
 * handed on as a stream whose timeout restarts with every chunk.
 */
export function createGovernedFetch(options: GovernedFetchOptions): (input: Request) => Promise<Response> {
  const { governor, timeoutMs, onAttempt } = options;
  const baseFetch = options.baseFetch ?? globalThis.fetch;
  return async (template: Request): Promise<Response> => {
    const callerSignal = template.signal;
    return governor.run(
      groupForUrl(template.url),
      async () => {
        onAttempt?.();
        return attempt(baseFetch, template.clone(), callerSignal, timeoutMs);
      },
      { signal: callerSignal },
    );
  };
}

async function attempt(baseFetch: typeof fetch, request: Request, callerSignal: AbortSignal, timeoutMs: number): Promise<Response> {
  const timeout = new AbortController();
  // Unreferenced: a stream the caller abandoned must not keep the process alive.
  const arm = (): NodeJS.Timeout => setTimeout(() => timeout.abort(new RequestTimeoutError(timeoutMs)), timeoutMs).unref();
  let timer = arm();
  const signal = AbortSignal.any([callerSignal, timeout.signal]);
  const rethrow = (error: unknown): never => {
    clearTimeout(timer);
    if (timeout.signal.aborted && !callerSignal.aborted) throw new RequestTimeoutError(timeoutMs);
    throw error;
  };
  try {
    const response = await baseFetch(request, { signal });
    if (!isStreamed(response) || !response.body) {
      const body = await response.arrayBuffer();
      clearTimeout(timer);
      const parsed = response.ok && isJson(response) ? parseJson(body) : NOT_PARSED;
      if (parsed === INVALID) {
        throw new MalformedBodyError(
          new InvalidResponseError(`RingCentral sent invalid JSON for ${request.method} ${new URL(request.url).pathname} (HTTP ${response.status})`),
        );
      }
      const buffered = new Response(hasNoBody(response.status) ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      if (parsed !== NOT_PARSED) parsedJson.set(buffered, parsed);
      return buffered;
    }
    const restart = (): void => {
      clearTimeout(timer);
      timer = arm();
    };
    const watched = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          restart();
          controller.enqueue(chunk);
        },
        flush() {
          clearTimeout(timer);
        },
      }),
    );
    return new Response(watched, { status: response.status, statusText: response.statusText, headers: response.headers });
  } catch (error) {
    if (error instanceof MalformedBodyError) throw error;
    return rethrow(error);
  }
}

function isJson(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').toLowerCase().includes('json');
}

const NOT_PARSED = Symbol('not parsed');
const INVALID = Symbol('invalid JSON');

/** JSON bodies already parsed here (to tell a garbled one), so `getJson` does not parse them twice. */
const parsedJson = new WeakMap<Response, unknown>();

export function alreadyParsedJson(response: Response): { value: unknown } | null {
  return parsedJson.has(response) ? { value: parsedJson.get(response) } : null;
}

function parseJson(body: ArrayBuffer): unknown {
  if (body.byteLength === 0) return NOT_PARSED;
  try {
    return JSON.parse(new TextDecoder().decode(body)) as unknown;
  } catch {
    return INVALID;
  }
}

/** Media (audio) is streamed to the caller; JSON, text and every error body are read here. */
function isStreamed(response: Response): boolean {
  if (!response.ok) return false;
  const type = (response.headers.get('content-type') ?? '').toLowerCase();
  return !/json|text\/|xml|multipart/.test(type);
}

function hasNoBody(status: number): boolean {
  return status === 204 || status === 205 || status === 304;
}
