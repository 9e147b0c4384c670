import { toneFor, wavChunks, wavSize } from '../audio.js';
import type { SimulatorCore } from './core.js';
import { NOT_FOUND, RANGE_NOT_SATISFIABLE } from './error-bodies.js';
import type { Exchange } from './exchange.js';

/** GET …/recording/{id}: metadata [spec GetCallRecordingResponse]. */
export function handleRecordingMetadata(core: SimulatorCore, ex: Exchange, id: string): void {
  const info = core.account.recording(id);
  if (!info) {
    ex.json(404, NOT_FOUND('recordingId'));
    return;
  }
  const uri = `${ex.baseUrl}/restapi/v1.0/account/${core.account.accountId}/recording/${id}`;
  ex.json(200, { uri, id, contentUri: `${uri}/content`, contentType: 'audio/wav', duration: Math.round(info.durationMs / 1000) });
}

/**
 * GET …/recording/{id}/content: WAV audio, with single `Range` requests answered 206 and unsatisfiable ones
 * 416 CMN-107 (docs/ringcentral.md, "Recording content"), and so are ranged requests while
 * `rangeNotSatisfiableNext` lasts, as when the media changed under a resumed download. Purged and
 * unknown ids answer 404 CMN-102.
 */
export function handleRecordingContent(core: SimulatorCore, ex: Exchange, id: string): void {
  const info = core.account.recording(id);
  if (!info || !info.contentAvailable) {
    ex.json(404, NOT_FOUND('recordingId'));
    return;
  }
  const size = wavSize(info.durationMs);
  const hz = toneFor(id);
  const headers: Record<string, string> = {
    'Content-Type': 'audio/wav',
    'Accept-Ranges': 'bytes',
    'Content-Disposition': `${ex.url.searchParams.get('contentDisposition') === 'Attachment' ? 'attachment' : 'inline'}; filename="${id}.wav"`,
  };
  const range = ex.req.headers.range;
  if (range === undefined) {
    ex.send(200, { ...headers, 'Content-Length': String(size) }, wavChunks(hz, info.durationMs, 0, size - 1), size);
    return;
  }
  const parsed = core.faults.takeUnsatisfiableRange(ex.path) ? 'unsatisfiable' : parseRange(range, size);
  if (parsed === 'ignore') {
    ex.send(200, { ...headers, 'Content-Length': String(size) }, wavChunks(hz, info.durationMs, 0, size - 1), size);
    return;
  }
  if (parsed === 'unsatisfiable') {
    ex.json(416, RANGE_NOT_SATISFIABLE(), { 'Content-Range': `bytes */${size}` });
    return;
  }
  const [start, end] = parsed;
  const length = end - start + 1;
  ex.send(
    206,
    { ...headers, 'Content-Length': String(length), 'Content-Range': `bytes ${start}-${end}/${size}` },
    wavChunks(hz, info.durationMs, start, end),
    length,
  );
}

/** A single byte range (RFC 9110, section 14.1.2); several ranges or a malformed header are ignored (full 200). */
function parseRange(header: string, size: number): [number, number] | 'unsatisfiable' | 'ignore' {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return 'ignore';
  const [, startText = '', endText = ''] = match;
  if (startText === '' && endText === '') return 'ignore';
  if (startText === '') {
    const suffix = Number(endText);
    if (suffix === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(startText);
  const end = endText === '' ? size - 1 : Math.min(Number(endText), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return [start, end];
}
