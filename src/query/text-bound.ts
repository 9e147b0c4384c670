import { badRequest } from './errors.js';
import type { ParameterStyle } from './parameter-style.js';

/**
 * How much a full-text query may hold (docs/cli.md, "`recordings search`"). What a search costs
 * grows faster than the number of words in it: FTS5 ranks and cuts snippets phrase by phrase, and
 * each prefix is a scan of every term it starts, so `a OR a OR …` a few thousand words long keeps
 * SQLite busy for minutes on an archive of a few thousand calls — a way to stall `serve` from the
 * network. Within these limits the worst query costs seconds on the ranked window, not minutes;
 * what people type (a few words, a phrase, a list of alternatives) stays far inside them.
 */
export const TEXT_LIMITS = {
  /** Characters (code points), before anything is parsed. */
  characters: 1000,
  /** Words, FTS5's operators AND, OR, NOT and NEAR among them (a NEAR distance is one too). */
  words: 32,
  /** Prefix searches: each `*`. */
  prefixes: 8,
} as const;

/** A run of letters, digits and their marks: one word, as near as it matters to what the tokenizer makes of it. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * Refuses text beyond TEXT_LIMITS as a bad parameter (exit 2, HTTP 400), saying which limit and by
 * how much, before the text reaches a database: the same for SQLite and PostgreSQL, for FTS5
 * syntax and for text searched as plain words.
 */
export function checkTextBound(text: string, style: ParameterStyle): void {
  const name = style.name('text');
  const characters = [...text].length;
  if (characters > TEXT_LIMITS.characters) {
    throw badRequest(
      `${name} is too long: ${count(characters)} characters, at most ${count(TEXT_LIMITS.characters)}`,
      'search for fewer words, or a shorter phrase',
    );
  }
  const words = text.match(WORD)?.length ?? 0;
  if (words > TEXT_LIMITS.words) {
    throw badRequest(
      `${name} has too many words: ${count(words)}, at most ${TEXT_LIMITS.words} (AND, OR, NOT and NEAR count as words)`,
      'search for fewer words, or a shorter phrase',
    );
  }
  const prefixes = text.split('*').length - 1;
  if (prefixes > TEXT_LIMITS.prefixes) {
    throw badRequest(`${name} has too many prefix searches: ${count(prefixes)} '*', at most ${TEXT_LIMITS.prefixes}`, 'put * only on the words whose endings vary');
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
