import { MATCH_END, MATCH_START } from '../../db/queries/search.js';
import type { ListingColours } from './search-listing.js';

/**
 * Matches in snippets are marked `**like this**` in JSON, NDJSON, CSV and tables without colour
 * (Markdown's bold, rare in speech); on a colour terminal they are shown bold yellow instead
 * (search-listing.ts).
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
 * Colours of the search listing on a colour terminal: matches bold yellow, the header bold, notes
 * dim; null without colour. chalk is loaded only when a listing is painted.
 */
export async function listingColours(color: boolean): Promise<ListingColours | null> {
  if (!color) return null;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return { match: chalk.bold.yellow, heading: chalk.bold, faint: chalk.dim };
}
