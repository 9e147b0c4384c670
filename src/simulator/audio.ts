/**
 * Recording audio: a valid WAV file (PCM, 8 kHz, mono, 8-bit) whose length matches the recording's
 * duration, holding a quiet tone. 8 kHz 8-bit keeps a 10-minute call at 4.8 MB; any byte range can be
 * produced without building the whole file, which is what Range requests and streaming need.
 */

export const SAMPLE_RATE = 8000;
const HEADER_BYTES = 44;
const blocks = new Map<number, Buffer>();

/** One second of a soft tone at `hz` (integer, so the second repeats seamlessly), with a gentle swell. */
function secondOfTone(hz: number): Buffer {
  let block = blocks.get(hz);
  if (!block) {
    block = Buffer.alloc(SAMPLE_RATE);
    for (let i = 0; i < SAMPLE_RATE; i++) {
      const swell = 0.5 + 0.5 * Math.sin((2 * Math.PI * i) / SAMPLE_RATE);
      block[i] = 128 + Math.round(10 * swell * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE));
    }
    blocks.set(hz, block);
  }
  return block;
}

export function wavDataBytes(durationMs: number): number {
  return Math.round((durationMs * SAMPLE_RATE) / 1000);
}

export function wavSize(durationMs: number): number {
  return HEADER_BYTES + wavDataBytes(durationMs);
}

function header(dataBytes: number): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16); // fmt chunk size
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(SAMPLE_RATE, 24);
  h.writeUInt32LE(SAMPLE_RATE, 28); // byte rate = rate * channels * bytes per sample
  h.writeUInt16LE(1, 32); // block align
  h.writeUInt16LE(8, 34); // bits per sample
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** The tone of a recording: one of a few pitches, picked by its id. */
export function toneFor(recordingId: string): number {
  let sum = 0;
  for (const char of recordingId) sum = (sum * 31 + char.charCodeAt(0)) >>> 0;
  return 220 + (sum % 6) * 40;
}

/** Bytes [start, end] (inclusive) of the WAV file of a recording lasting `durationMs`, in chunks of at most one second. */
export function* wavChunks(hz: number, durationMs: number, start: number, end: number): Generator<Buffer> {
  const dataBytes = wavDataBytes(durationMs);
  let position = start;
  if (position < HEADER_BYTES) {
    const head = header(dataBytes);
    yield head.subarray(position, Math.min(HEADER_BYTES, end + 1));
    position = HEADER_BYTES;
  }
  const tone = secondOfTone(hz);
  while (position <= end) {
    const offset = (position - HEADER_BYTES) % SAMPLE_RATE;
    const length = Math.min(SAMPLE_RATE - offset, end + 1 - position);
    yield tone.subarray(offset, offset + length);
    position += length;
  }
}

export function wavFile(hz: number, durationMs: number): Buffer {
  return Buffer.concat([...wavChunks(hz, durationMs, 0, wavSize(durationMs) - 1)]);
}
