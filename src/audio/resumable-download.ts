import { open, stat, truncate } from 'node:fs/promises';
import { RangeNotSatisfiableError } from '../ringcentral/errors.js';
import { type ContentClient, downloadContent } from '../ringcentral/recording-content.js';
import { DownloadBrokeOffError } from './errors.js';

export interface DownloadEvents {
  /** A request for the content is about to go out; `offset` > 0 means a resume (`Range: bytes=offset-`). */
  onRequest?(offset: number): void;
  /** Bytes now in the part file, and the whole size when the server told it. */
  onProgress?(bytes: number, total: number | null): void;
  /** The connection broke (or stalled) after `bytes`; the download goes on from there. */
  onInterrupted?(bytes: number, reason: string): void;
}

export interface ResumableDownloadInput {
  client: ContentClient;
  contentUri: string;
  /** The 0600 part file, possibly holding the start of the audio from an earlier attempt. */
  partPath: string;
  /**
   * Receives every byte of the audio once, in order, as it arrives (`--output -`): the part file's
   * earlier bytes first, then the download. Restarting from byte 0 does not repeat bytes already given.
   */
  sink?: ((chunk: Buffer) => Promise<void>) | undefined;
  signal?: AbortSignal | undefined;
  /** Attempts in a row that add no byte before giving up (default 4). */
  maxFruitlessAttempts?: number;
  /** Pause before an attempt that follows a fruitless one (default 500 ms, doubling). */
  retryDelayMs?: number;
  events?: DownloadEvents;
}

export interface DownloadResult {
  bytes: number;
  contentType: string | null;
  /** How many requests resumed with a Range header and were answered 206. */
  resumes: number;
}

/** A failure writing our own file or the caller's sink: not a network problem, so never retried. */
class LocalWriteError extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/**
 * Downloads a recording's content into `partPath`, resuming after a dropped connection: each new
 * attempt asks for `Range: bytes=N-` from the bytes already on disk (media supports Range:
 * docs/ringcentral.md, "Recording content").
 * A 206 whose Content-Range starts at N is appended; a 200 (the server ignored the range) starts the
 * file over. The download is complete when the size the server announced (Content-Length of a 200,
 * the total of a 206's Content-Range) is reached, or, when it announced none, when the body ends
 * cleanly. The request itself goes through the client: rate-limit governor (Heavy group), retries
 * of 429/5xx, the token in the Authorization header; its typed errors (ApiError 404, AuthError 403,
 * TryAgainLaterError) are passed on. The one downloader of the product: `sync --audio` and `stream`
 * both use it (docs/design.md, "The audio module").
 */
export async function downloadResumable(input: ResumableDownloadInput): Promise<DownloadResult> {
  const { events = {}, signal } = input;
  const maxFruitless = input.maxFruitlessAttempts ?? 4;
  let delivered = 0;
  const alreadyThere = await sizeOf(input.partPath);
  if (input.sink && alreadyThere > 0) delivered = await replayPart(input.partPath, alreadyThere, input.sink);
  let fruitless = 0;
  let resumes = 0;
  let lastReason = '';
  let rangeRefused = false;

  const giveUpIfFruitless = (): void => {
    if (fruitless >= maxFruitless) {
      throw new DownloadBrokeOffError(`the download kept breaking off (${lastReason}); run the command again to resume it`);
    }
  };

  for (;;) {
    signal?.throwIfAborted();
    giveUpIfFruitless();
    if (fruitless > 0) await sleep((input.retryDelayMs ?? 500) * 2 ** (fruitless - 1), signal);
    const rangeStart = rangeRefused ? 0 : await sizeOf(input.partPath);
    events.onRequest?.(rangeStart);
    let response;
    try {
      response = await downloadContent(input.client, input.contentUri, { rangeStart, signal });
    } catch (error) {
      // 416 (CMN-107): the part file does not fit the recording as it is now: start over from byte 0, once.
      if (error instanceof RangeNotSatisfiableError && rangeStart > 0 && !rangeRefused) {
        rangeRefused = true;
        continue;
      }
      throw error;
    }
    // The connection can break before we start reading (we open the file first): without a listener
    // that error would be uncaught. The read loop below still sees it (`for await` throws `errored`).
    response.body.on('error', () => {});

    let start = 0;
    let total = response.contentLength;
    if (response.status === 206) {
      const range = parseContentRange(response.contentRange);
      if (!range || range.start !== rangeStart) {
        response.body.destroy();
        rangeRefused = true;
        lastReason = 'the server sent a different byte range than asked for';
        fruitless += 1;
        continue;
      }
      start = range.start;
      total = range.total;
      resumes += 1;
    }
    rangeRefused = false;

    let written = start;
    try {
      written = await appendBody(input.partPath, start, response.body, (chunk, at) => {
        events.onProgress?.(at + chunk.length, total);
        if (!input.sink) return undefined;
        const end = at + chunk.length;
        if (end <= delivered) return undefined;
        const fresh = chunk.subarray(Math.max(0, delivered - at));
        delivered = end;
        return input.sink(fresh);
      });
    } catch (error) {
      if (error instanceof LocalWriteError) throw error.original;
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : error;
      written = await sizeOf(input.partPath);
      lastReason = describeNetworkError(error);
      fruitless = written > start ? 0 : fruitless + 1;
      giveUpIfFruitless();
      events.onInterrupted?.(written, lastReason);
      continue;
    }

    if (total === null || written === total) return { bytes: written, contentType: response.contentType, resumes };
    if (written > total) {
      // More than announced: nothing in the file can be trusted.
      await truncate(input.partPath, 0);
      rangeRefused = true;
    }
    lastReason = `the body ended after ${written} of ${total} bytes`;
    fruitless = written > start && written < total ? 0 : fruitless + 1;
    giveUpIfFruitless();
    events.onInterrupted?.(written, lastReason);
  }
}

/**
 * Writes `body` into the part file from byte `start` (cutting off anything after it first), and
 * passes each chunk to `onChunk` with its position. Resolves with the file's new length.
 */
async function appendBody(
  path: string,
  start: number,
  body: AsyncIterable<unknown> & { destroy(): void },
  onChunk: (chunk: Buffer, at: number) => Promise<void> | undefined,
): Promise<number> {
  let handle;
  try {
    handle = await open(path, 'a', 0o600);
    await handle.truncate(start);
  } catch (error) {
    body.destroy();
    throw new LocalWriteError(error);
  }
  let position = start;
  try {
    for await (const piece of body) {
      const chunk = piece as Buffer;
      try {
        await handle.write(chunk);
        await onChunk(chunk, position);
      } catch (error) {
        throw new LocalWriteError(error);
      }
      position += chunk.length;
    }
    await handle.sync();
  } catch (error) {
    body.destroy();
    throw error;
  } finally {
    await handle.close();
  }
  return position;
}

/** Hands the bytes already in the part file to the sink (a resumed `--output -` must start at byte 0). */
async function replayPart(path: string, length: number, sink: (chunk: Buffer) => Promise<void>): Promise<number> {
  const handle = await open(path, 'r');
  try {
    let position = 0;
    for await (const chunk of handle.createReadStream({ start: 0, end: length - 1, autoClose: false })) {
      await sink(chunk as Buffer);
      position += (chunk as Buffer).length;
    }
    return position;
  } finally {
    await handle.close();
  }
}

/** `bytes 100-199/1000` → {start: 100, total: 1000}; a `*` total gives null. */
export function parseContentRange(header: string | null): { start: number; total: number | null } | null {
  const match = header ? /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(header.trim()) : null;
  if (!match) return null;
  return { start: Number(match[1]), total: match[3] === '*' ? null : Number(match[3]) };
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** Short, secret-free: undici reports a cut connection as `terminated` with the socket error as cause. */
function describeNetworkError(error: unknown): string {
  const err = error as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  const parts = [err.code ?? err.cause?.code, err.message, err.cause?.message].filter((part): part is string => Boolean(part));
  return [...new Set(parts)].join(': ').slice(0, 200) || 'connection lost';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });
}
