import { TEXT_LIMITS } from '../../src/query/text-bound.js';

/**
 * Valid FTS5 queries that would keep a search busy for minutes (docs/cli.md, "`recordings search`"),
 * each with what the refusal says after the parameter's name, and its hint.
 */
export const HOSTILE_QUERIES: readonly [text: string, message: string, hint: string][] = [
  [`${'a OR '.repeat(2000)}a`, 'is too long: 10,001 characters, at most 1,000', 'search for fewer words, or a shorter phrase'],
  ['🍕'.repeat(1001), 'is too long: 1,001 characters, at most 1,000', 'search for fewer words, or a shorter phrase'],
  [`${'a OR '.repeat(100)}a`, 'has too many words: 201, at most 32 (AND, OR, NOT and NEAR count as words)', 'search for fewer words, or a shorter phrase'],
  ['NEAR(refund order, 2) '.repeat(9), 'has too many words: 36, at most 32 (AND, OR, NOT and NEAR count as words)', 'search for fewer words, or a shorter phrase'],
  [Array.from({ length: 9 }, () => 'r*').join(' OR '), "has too many prefix searches: 9 '*', at most 8", 'put * only on the words whose endings vary'],
];

/**
 * A query at every limit (test/query/data-set.ts): as many words and prefixes as allowed, as many
 * characters, found as any other — `frid*` in rec-1, `refund` in rec-2, `platter*` in rec-3.
 */
export const AT_THE_LIMITS = [
  ...['frid*', 'platter*', 'parking*', 'birthday*', 'wedding*', 'allerg*', 'valet*', 'vegan*'],
  ...['refund', 'brunch', 'corkage', 'patio', 'gluten', 'sommelier', 'tasting', 'takeout'],
]
  .join(' OR ')
  .padEnd(TEXT_LIMITS.characters);
