import type { ListingColours } from './search-listing.js';

/**
 * Colours of the search listing on a colour terminal: matches bold yellow, the header bold, notes
 * dim; null without colour. chalk is loaded only when a listing is painted. Without colour, matches
 * are marked as in JSON (src/query/json-shapes.ts, markedSnippet).
 */
export async function listingColours(color: boolean): Promise<ListingColours | null> {
  if (!color) return null;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return { match: chalk.bold.yellow, heading: chalk.bold, faint: chalk.dim };
}
