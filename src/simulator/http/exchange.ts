import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DropPoint } from '../faults.js';
import { hostileJsonText } from '../hostile.js';
import type { RateLimitGroup } from '../rate-limits.js';

/** One request and its response, with the faults decided for it applied when the response is written. */
export class Exchange {
  status = 0;
  /** RingCentral's `errorCode` of an error answer (`errors[0].errorCode`), for the request log. */
  errorCode: string | null = null;
  group: RateLimitGroup | null = null;
  /** Headers every response of this exchange carries (rate-limit headers). */
  readonly headers: Record<string, string> = {};
  /** The body carries a hostile payload that JSON.stringify cannot write by itself (hostile.ts). */
  hostileBody = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
    /** The simulator's base URL, for absolute URIs in bodies. */
    readonly baseUrl: string,
    private readonly drop: DropPoint | undefined,
    private readonly shouldMalform: () => boolean,
  ) {}

  get path(): string {
    return this.url.pathname;
  }

  /** Every value of a query parameter (repeated keys give several). */
  all(name: string): string[] {
    return this.url.searchParams.getAll(name);
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (status >= 400) this.errorCode = errorCodeOf(body);
    let text = this.hostileBody ? hostileJsonText(body) : JSON.stringify(body);
    if (this.shouldMalform()) text = text.slice(0, Math.max(1, Math.floor(text.length * 0.6)));
    const bytes = Buffer.from(text, 'utf8');
    this.send(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': String(bytes.length), ...headers }, [bytes], bytes.length);
  }

  empty(status: number, headers: Record<string, string> = {}): void {
    this.send(status, { 'Content-Length': '0', ...headers }, [], 0);
  }

  /** Writes a response whose body is `chunks` (`length` bytes in all), honouring backpressure and drop faults. */
  send(status: number, headers: Record<string, string>, chunks: Iterable<Buffer>, length: number): void {
    const res = this.res;
    if (res.destroyed) return;
    this.status = status;
    const all: Record<string, string> = { ...this.headers, RCRequestId: requestId(), ...headers };
    // A cut connection is sent chunked: node-fetch v2 (the SDK's fetch in Node) notices a chunked body that
    // ends early, but waits forever on a body shorter than its Content-Length.
    if (this.drop) delete all['Content-Length'];
    res.writeHead(status, all);
    if (this.drop === 'after-headers') {
      res.flushHeaders();
      setImmediate(() => res.destroy());
      return;
    }
    const cutAt = this.drop === 'mid-body' ? Math.floor(length / 2) : Infinity;
    const iterator = chunks[Symbol.iterator]();
    let written = 0;
    const pump = (): void => {
      for (;;) {
        if (res.destroyed) return;
        const next = iterator.next();
        if (next.done) {
          res.end();
          return;
        }
        let chunk = next.value;
        if (written + chunk.length > cutAt) {
          chunk = chunk.subarray(0, cutAt - written);
          res.write(chunk, () => res.destroy());
          return;
        }
        written += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }
}

function errorCodeOf(body: unknown): string | null {
  const errors = (body as { errors?: Array<{ errorCode?: unknown }> } | null)?.errors;
  const code = Array.isArray(errors) ? errors[0]?.errorCode : undefined;
  return typeof code === 'string' ? code : null;
}

let counter = 0;
function requestId(): string {
  counter = (counter + 1) % 1_000_000;
  return `${Date.now().toString(16)}-${counter.toString(16).padStart(5, '0')}-sim`;
}
