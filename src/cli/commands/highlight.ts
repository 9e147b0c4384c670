import { MATCH_END, MATCH_START } from '../../db/queries/search.js';
import { terminalSafe } from '../output/index.js';

/**
 * Matches in snippets are marked `**like this**` in JSON, NDJSON, CSV and tables without colour
 * (Markdown's bold, rare in speech); on a colour terminal they are shown bold yellow instead.
 */
export const MARK_START = '**';
export const MARK_END = '**';

const MARKERS = new RegExp(`[${MATCH_START}${MATCH_END}]`, 'g');

/** The snippet for data output: matches between ** markers. */
export function markedSnippet(snippet: string | null): string | null {
  if (snippet === null) return null;
  return snippet.replace(MARKERS, (m) => (m === MATCH_START ? MARK_START : MARK_END));
}

/**
 * The snippet for a table cell: terminal-safe, matches painted by `paint` (bold yellow from
 * `matchPainter`) on a colour terminal, otherwise between markers.
 */
export function displaySnippet(snippet: string | null, paint: ((word: string) => string) | null): string {
  if (snippet === null) return '';
  const safe = terminalSafe(snippet);
  if (!paint) return markedSnippet(safe)!;
  return safe.replace(new RegExp(`${MATCH_START}([^${MATCH_END}]*)${MATCH_END}`, 'g'), (_, word: string) => paint(word));
}

/** Bold yellow for matches, or null without colour. chalk is loaded only when a table is painted. */
export async function matchPainter(color: boolean): Promise<((word: string) => string) | null> {
  if (!color) return null;
  const { Chalk } = await import('chalk');
  return new Chalk({ level: 1 }).bold.yellow;
}
