import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { audioFailure } from '../../audio/failure.js';
import type { ArchiveReader } from '../../query/reader.js';
import type { AudioFiles } from '../audio-files.js';
import type { ServeApp } from '../context.js';
import { type ApiError, jsonError } from '../errors.js';
import type { PageData } from '../page-data.js';
import { byteRange } from './byte-ranges.js';
import { notFound } from './routes.js';

export interface StreamRouteContext {
  data: PageData;
  reader: ArchiveReader;
  /** Null when the server was started without a way to reach audio (tests of other routes). */
  audio: AudioFiles | null;
  now: () => Date;
}

/**
 * `GET /api/v1/recordings/{id}/stream` (docs/cli.md, "`recordings serve`"): the audio from the archive,
 * else the cache, else RingCentral, fetched by the server so the token never reaches the browser.
 * `Accept-Ranges: bytes`; a `Range` request gets 206 with `Content-Range`, which is what lets a
 * player seek. 404 for an unknown id and when RingCentral no longer has the audio; 503 while it is
 * not available yet, or cannot be fetched now. A playback, a request from byte 0, is written to the
 * audit log with the token's name; the requests a player sends while seeking are not.
 */
export function streamRoute(app: ServeApp, context: StreamRouteContext): void {
  app.get('/api/v1/recordings/:id/stream', async (c) => {
    const id = c.req.param('id');
    const recording = await context.data.recording(id);
    if (!recording) return jsonError(c, notFound(id));
    if (!context.audio) return jsonError(c, { code: 'unavailable', message: 'this server does not serve audio' });
    let file;
    try {
      file = await context.audio.file(recording);
    } catch (error) {
      const problem = audioProblem(error);
      if (problem) return jsonError(c, problem);
      throw error;
    }
    // If-Range asks for the part only if the file is unchanged; without a validator to compare, send it whole.
    const range = c.req.header('if-range') === undefined ? byteRange(c.req.header('range'), file.bytes) : { kind: 'whole' as const };
    const headers: Record<string, string> = {
      'Content-Type': file.mediaType,
      'Accept-Ranges': 'bytes',
      'Content-Disposition': `inline; filename="${recording.id.replace(/[^\w.-]/g, '_')}${file.path.slice(file.path.lastIndexOf('.'))}"`,
    };
    if (range.kind === 'unsatisfiable') {
      return jsonError(c, { code: 'bad_request', message: `the range is past the end of the audio (${file.bytes} bytes)` }, { 'Content-Range': `bytes */${file.bytes}` }, 416);
    }
    const [start, end] = range.kind === 'part' ? [range.start, range.end] : [0, file.bytes - 1];
    headers['Content-Length'] = String(Math.max(0, end - start + 1));
    if (range.kind === 'part') headers['Content-Range'] = `bytes ${start}-${end}/${file.bytes}`;
    const status = range.kind === 'part' ? 206 : 200;
    if (c.req.method === 'HEAD' || file.bytes === 0) return c.body(null, status, headers);
    if (start === 0) {
      await context.reader.audit({
        at: context.now().toISOString(),
        action: 'stream',
        actor: c.get('actor'),
        recordingId: recording.id,
        details: { source: file.source, destination: 'browser', bytes: file.bytes, via: 'serve' },
      });
    }
    const body = Readable.toWeb(createReadStream(file.path, { start, end })) as ReadableStream<Uint8Array>;
    return c.body(body, status, headers);
  });
}

/** What the client is told when the audio cannot be had; null for a failure that is not about audio. */
function audioProblem(error: unknown): ApiError | null {
  const failure = audioFailure(error);
  if (!failure) return null;
  if (failure.kind === 'gone') return { code: 'not_found', message: failure.message, hint: failure.hint };
  return { code: 'unavailable', message: failure.message, hint: failure.hint };
}
