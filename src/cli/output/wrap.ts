import type { Env } from '../../config/paths.js';
import type { TextSink } from '../context.js';

/**
 * How wide text written to the sink may be: `COLUMNS` when set (the user asked for that width), else
 * the terminal's width; null when neither is known (piped or saved output keeps its lines whole, so
 * grep and mail see one line per item).
 */
export function outputWidth(sink: TextSink, env: Env): number | null {
  const fromEnv = Number(env.COLUMNS);
  if (env.COLUMNS && Number.isSafeInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return sink.isTTY === true && sink.columns && sink.columns > 0 ? sink.columns : null;
}

/**
 * Greedy word wrap into lines of at most `width` characters. Words are never broken: one longer than
 * the width (a long path) gets a line of its own and overflows it, which a terminal still shows
 * whole and a reader can still copy.
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/).filter((part) => part !== '')) {
    if (line === '') line = word;
    else if (length(line) + 1 + length(word) <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

/** Characters as a terminal counts them for the text doctor shows (code points, not UTF-16 units). */
function length(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
