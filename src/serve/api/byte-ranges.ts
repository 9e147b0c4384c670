/**
 * The `Range` header of a request for a file of `size` bytes (RFC 9110, "Range Requests"): one range
 * of bytes, as a media player asks for it (`bytes=0-`, `bytes=1000-1999`, `bytes=-500` for the last
 * 500). What this server does with it:
 * - `whole`: no Range, or one it does not serve (another unit, several ranges, a malformed one),
 *   which RFC 9110 lets a server ignore: 200 with every byte;
 * - `part`: 206 with `Content-Range: bytes start-end/size`;
 * - `unsatisfiable`: a range that starts at or past the end: 416, with the size in Content-Range.
 */
export type RangeAnswer = { kind: 'whole' } | { kind: 'part'; start: number; end: number } | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/i;

export function byteRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'whole' };
  const match = SINGLE_RANGE.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'whole' };
  const [first, last] = [match[1]!, match[2]!];
  if (first === '') {
    // A suffix: the last n bytes (all of them when n is larger than the file).
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: 'unsatisfiable' };
  if (end < start) return { kind: 'whole' };
  return { kind: 'part', start, end };
}
