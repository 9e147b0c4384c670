import { Chalk } from 'chalk';
import { MATCH_END, MATCH_START } from '../../db/queries/index.js';
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

/** The snippet for a table cell: terminal-safe, matches in colour or between markers. */
export function displaySnippet(snippet: string | null, color: boolean): string {
  if (snippet === null) return '';
  const safe = terminalSafe(snippet);
  if (!color) return markedSnippet(safe)!;
  const paint = new Chalk({ level: 1 }).bold.yellow;
  return safe.replace(new RegExp(`${MATCH_START}([^${MATCH_END}]*)${MATCH_END}`, 'g'), (_, word: string) => paint(word));
}
