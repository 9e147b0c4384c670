/**
 * Recording audio as MP3 (`audio/mpeg`, which RingCentral serves as often as WAV when the company
 * setting says so): a valid MPEG-1 Layer III stream of silent frames, 32 kHz mono at 32 kbit/s.
 * Every frame is 144 bytes (1152 samples, 36 ms) and identical — a header and side information that
 * says "no audio data", which decoders play as silence — so any byte range of any length is cheap to
 * produce, as Range requests and streaming need.
 */

export const MP3_FRAME_BYTES = 144;
export const MP3_FRAME_MS = 36;

/** MPEG-1 (11), Layer III (01), no CRC; 32 kbit/s (0001), 32 kHz (10), no padding; mono (11). */
const FRAME_HEADER = [0xff, 0xfb, 0x18, 0xc0];
const FRAMES_PER_BLOCK = 56;
let block: Buffer | undefined;

/** 56 frames (about two seconds) in one buffer: the unit chunks are cut from. */
function frameBlock(): Buffer {
  if (!block) {
    const frame = Buffer.alloc(MP3_FRAME_BYTES);
    Buffer.from(FRAME_HEADER).copy(frame, 0);
    block = Buffer.concat(Array.from({ length: FRAMES_PER_BLOCK }, () => frame));
  }
  return block;
}

export function mp3Size(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs / MP3_FRAME_MS)) * MP3_FRAME_BYTES;
}

/** Bytes [start, end] (inclusive) of the MP3 file of a recording, in chunks of at most one block. */
export function* mp3Chunks(start: number, end: number): Generator<Buffer> {
  const frames = frameBlock();
  let position = start;
  while (position <= end) {
    const offset = position % frames.length;
    const length = Math.min(frames.length - offset, end + 1 - position);
    yield frames.subarray(offset, offset + length);
    position += length;
  }
}

export function mp3File(durationMs: number): Buffer {
  return Buffer.concat([...mp3Chunks(0, mp3Size(durationMs) - 1)]);
}
