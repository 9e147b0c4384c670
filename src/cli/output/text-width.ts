/**
 * Text measured in terminal columns rather than UTF-16 units: a CJK name takes two columns a
 * character, an accent combined with its letter none, a colour code none. Good enough for aligning
 * and wrapping names and transcripts; terminals themselves disagree on the rarest characters.
 */
const ANSI = /\u001b\[[0-9;]*m/g;
const ZERO_WIDTH = /[\p{M}\u200b-\u200f\u2060\ufeff]/u;
const EMOJI = /\p{Emoji_Presentation}/u;

/** East Asian Wide and Fullwidth ranges (Unicode UAX #11), the ones names and transcripts use. */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x3fffd],
];

export function charWidth(char: string): number {
  const code = char.codePointAt(0)!;
  if (code < 0x300) return 1;
  if (ZERO_WIDTH.test(char)) return 0;
  if (WIDE.some(([low, high]) => code >= low && code <= high) || EMOJI.test(char)) return 2;
  return 1;
}

/** Columns the text takes on a terminal, colour codes not counted. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(ANSI, '')) width += charWidth(char);
  return width;
}

/** The text cut to at most `width` columns, ending in `…` when something was cut. No colour codes expected. */
export function cutToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let kept = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width - 1) break;
    kept += char;
    used += w;
  }
  return `${kept}…`;
}

/**
 * Words wrapped into lines of at most `width` columns, measured by `measure` (which may count
 * markers as nothing); a word longer than a line is broken. Runs in time linear in the text.
 */
export function wrapWords(text: string, width: number, measure: (text: string) => number = displayWidth): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const word of text.split(/ +/)) {
    if (word === '') continue;
    const w = measure(word);
    if (line !== '' && used + 1 + w <= width) {
      line += ` ${word}`;
      used += 1 + w;
      continue;
    }
    if (line !== '') lines.push(line);
    if (w <= width) {
      line = word;
      used = w;
      continue;
    }
    // A word wider than the line: break it, character by character.
    line = '';
    used = 0;
    for (const char of word) {
      const cw = measure(char);
      if (used + cw > width && line !== '') {
        lines.push(line);
        line = '';
        used = 0;
      }
      line += char;
      used += cw;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
