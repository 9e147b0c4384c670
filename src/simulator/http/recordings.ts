import type { RecordingInfo } from '../account.js';
import { toneFor, wavChunks, wavSize } from '../audio.js';
import { mp3Chunks, mp3Size } from '../mp3.js';
import type { SimulatorCore } from './core.js';
import { NOT_FOUND, RANGE_NOT_SATISFIABLE, recordingPermissionMissing } from './error-bodies.js';
import type { Exchange } from './exchange.js';

/** GET …/recording/{id}: metadata [spec GetCallRecordingResponse]. */
export function handleRecordingMetadata(core: SimulatorCore, ex: Exchange, id: string): void {
  const info = core.account.recording(id);
  if (!info) {
    ex.json(404, NOT_FOUND('recordingId'));
    return;
  }
  const uri = `${ex.baseUrl}/restapi/v1.0/account/${core.account.accountId}/recording/${id}`;
  ex.json(200, { uri, id, contentUri: `${uri}/content`, contentType: info.contentType, duration: Math.round(info.durationMs / 1000) });
}

/**
 * GET …/recording/{id}/content: WAV or MP3 audio (`audio/wav`, `audio/mpeg`), with single `Range`
 * requests answered 206 and unsatisfiable ones 416 CMN-107
 * (docs/ringcentral.md, "Recording content"), and so are ranged requests while
 * `rangeNotSatisfiableNext` lasts, as when the media changed under a resumed download. An extension
 * the user may not read answers 403 CMN-408; purged and unknown ids, and content not on the media
 * host yet, answer 404 CMN-102.
 */
export function handleRecordingContent(core: SimulatorCore, ex: Exchange, id: string): void {
  const info = core.account.recording(id);
  if (info && core.contentForbiddenExtensions.has(info.extensionId)) {
    ex.json(403, recordingPermissionMissing());
    return;
  }
  if (!info || !info.contentAvailable || core.now() < info.contentAvailableAt) {
    ex.json(404, NOT_FOUND('recordingId'));
    return;
  }
  const mp3 = info.contentType === 'audio/mpeg';
  const size = mp3 ? mp3Size(info.durationMs) : wavSize(info.durationMs);
  const chunks = (start: number, end: number) => (mp3 ? mp3Chunks(start, end) : wavChunks(toneFor(id), info.durationMs, start, end));
  const headers: Record<string, string> = {
    'Content-Type': info.contentType,
    'Accept-Ranges': 'bytes',
    'Content-Disposition': `${ex.url.searchParams.get('contentDisposition') === 'Attachment' ? 'attachment' : 'inline'}; filename="${fileName(info)}"`,
  };
  const range = ex.req.headers.range;
  let parsed: ReturnType<typeof parseRange> = 'ignore';
  if (range !== undefined) parsed = core.faults.takeUnsatisfiableRange(ex.path) ? 'unsatisfiable' : parseRange(range, size);
  if (parsed === 'ignore') {
    ex.send(200, { ...headers, 'Content-Length': String(size) }, chunks(0, size - 1), size);
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
    chunks(start, end),
    length,
  );
}

function fileName(info: RecordingInfo): string {
  return `${info.id}.${info.contentType === 'audio/mpeg' ? 'mp3' : 'wav'}`;
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
