import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { RingCentralClient } from './client.js';

export interface ContentDownload {
  /** 200, or 206 when a range was asked for and honoured (a server may ignore `Range` and answer 200). */
  status: number;
  headers: Headers;
  body: Readable;
  contentType: string | null;
  contentLength: number | null;
  /** `bytes start-end/total` on a 206. */
  contentRange: string | null;
}

/** What a download needs of the client: governed, authenticated GETs, and a way to scrub secrets from messages. */
export type ContentClient = Pick<RingCentralClient, 'get' | 'redact'>;

export interface DownloadOptions {
  /** Resume from this byte (`Range: bytes=N-`, docs/ringcentral.md, "Recording content"). */
  rangeStart?: number;
  signal?: AbortSignal | undefined;
}

/**
 * Streams a recording's audio from its `contentUri` (Heavy group, like the call log). The token goes
 * in the Authorization header, never in the URL. The stream fails if the server pauses longer than
 * the request timeout; resume with `rangeStart`.
 */
export async function downloadContent(
  client: ContentClient,
  contentUri: string,
  options: DownloadOptions = {},
): Promise<ContentDownload> {
  const headers = options.rangeStart && options.rangeStart > 0 ? { Range: `bytes=${options.rangeStart}-` } : undefined;
  const response = await client.get(contentUri, { headers, signal: options.signal });
  const length = response.headers.get('content-length');
  return {
    status: response.status,
    headers: response.headers,
    body: response.body ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) : Readable.from([]),
    contentType: response.headers.get('content-type'),
    contentLength: length !== null && /^\d+$/.test(length) ? Number(length) : null,
    contentRange: response.headers.get('content-range'),
  };
}

/** A time-limited URL with `access_token=` (SDK `signUrl`) for `stream --url`; it carries the token, so show it only on request. */
export function signedUrl(client: RingCentralClient, contentUri: string): Promise<string> {
  return client.signUrl(contentUri);
}
