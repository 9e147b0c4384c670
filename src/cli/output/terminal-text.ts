/**
 * Stored names, transcripts and summaries come from callers and from RingCentral: text that reaches a
 * terminal must not carry escape sequences (colour, cursor moves, OSC 8 links, title changes) or
 * bidi overrides that make a line read differently from what it holds. They are shown escaped, so
 * nothing is hidden either.
 */
// C0 controls (tab and newline included: a table cell is one line), DEL, C1 controls, the bidi
// embeddings, overrides and isolates, and the line/paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_KEEP_NEWLINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(options.keepNewlines ? UNSAFE_KEEP_NEWLINES : UNSAFE, escapeChar);
}

/**
 * Data written straight to a terminal (CSV on stdout): the same characters escaped, but tab, CR and
 * LF kept, as they are the CSV's own structure. Piped or saved to a file, data stays exactly as stored.
 */
const UNSAFE_IN_DATA = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafeData(text: string): string {
  return text.replace(UNSAFE_IN_DATA, escapeChar);
}

function escapeChar(char: string): string {
  if (char === '\n' || char === '\r' || char === '\t') return ' ';
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
