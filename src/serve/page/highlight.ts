import { type Html, html, join } from './html.js';

/** The marker around matches in the snippets of the search JSON (docs/cli.md, "`recordings search`"). */
const MARK = '**';

/** A snippet from the search JSON with its `**marked**` matches as `<mark>`, everything else as text. */
export function markedSnippet(snippet: string): Html {
  const parts = snippet.split(MARK);
  // An odd number of markers means one `**` was the text's own: the last piece stays as it was.
  const paired = parts.length % 2 === 1 ? parts : [...parts.slice(0, -2), `${parts.at(-2)}${MARK}${parts.at(-1)}`];
  return join(paired.map((part, i) => (i % 2 === 1 ? html`<mark>${part}</mark>` : part)));
}

const FTS_OPERATORS = new Set(['AND', 'OR', 'NOT', 'NEAR']);
const SUFFIXES = ['ations', 'ation', 'ings', 'ing', 'ions', 'ion', 'ies', 'ied', 'es', 'ed', 'ly', 's'];
/** A word of the query, and a `*` after it (a prefix search). */
const QUERY_WORD = /([\p{L}\p{N}]+)(\*?)/gu;

/**
 * A matcher for the words of a search in stored text, or null when the search has no words. The
 * archive's search matches word forms (`reservations` finds `reservation`, docs/cli.md), so a word
 * is cut to a rough stem and anything starting with that stem is marked; words of three letters or
 * fewer must match whole, unless searched as a prefix (`pie*`). Only for showing: the search
 * itself is the database's.
 */
export function wordMatcher(query: string): RegExp | null {
  const alternatives = new Set<string>();
  for (const [, word = '', star] of query.matchAll(QUERY_WORD)) {
    if (FTS_OPERATORS.has(word)) continue;
    const lower = word.toLowerCase();
    if (star) {
      alternatives.add(`${lower}[\\p{L}\\p{N}]*`);
      continue;
    }
    if (lower.length <= 3) {
      alternatives.add(`${lower}(?![\\p{L}\\p{N}])`);
      continue;
    }
    const suffix = SUFFIXES.find((s) => lower.endsWith(s) && lower.length - s.length >= 3);
    alternatives.add(`${suffix ? lower.slice(0, -suffix.length) : lower}[\\p{L}\\p{N}]*`);
  }
  if (alternatives.size === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...alternatives].join('|')})`, 'giu');
}

/** Text with the matcher's matches as `<mark>`, everything escaped. */
export function markWords(text: string, matcher: RegExp | null): Html {
  if (!matcher) return html`${text}`;
  const parts: (string | Html)[] = [];
  let last = 0;
  for (const match of text.matchAll(matcher)) {
    const at = match.index ?? 0;
    if (match[0] === '') continue;
    parts.push(text.slice(last, at), html`<mark>${match[0]}</mark>`);
    last = at + match[0].length;
  }
  parts.push(text.slice(last));
  return join(parts);
}

/** Whether the text holds a match (resets the global matcher's position). */
export function hasMatch(text: string, matcher: RegExp | null): boolean {
  if (!matcher) return false;
  matcher.lastIndex = 0;
  const found = matcher.test(text);
  matcher.lastIndex = 0;
  return found;
}
