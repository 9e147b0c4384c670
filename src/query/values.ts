import { TRANSCRIPT_STATUSES } from '../db/transcript-status.js';

/**
 * The values a filter may take, and the checks of a single value, shared by the command line's
 * option parsers (src/cli/define/parsers.ts) and the API's URL parameters (url-parameters.ts), so
 * both refuse the same input with the same words.
 */
export const DIRECTION_CHOICES = ['inbound', 'outbound'] as const;
export const STATUS_CHOICES = TRANSCRIPT_STATUSES;
export const SENTIMENT_CHOICES = ['positive', 'neutral', 'negative'] as const;
export const SORT_CHOICES = ['relevance', 'newest', 'oldest'] as const;
export const EXPORT_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One value that is not valid; the message says what was expected, the caller adds whose value it was. */
export class InvalidValue extends Error {
  override readonly name = 'InvalidValue';
}

export function wholeNumber(value: string, least: 0 | 1 = 0): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidValue('expected a whole number such as 50');
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidValue('the number is too large');
  if (n < least) throw new InvalidValue(`expected a number of at least ${least}`);
  return n;
}

/** One of `choices`, in any case (docs/cli.md: "filters accept any case"). */
export function choice<T extends string>(value: string, choices: readonly T[]): T {
  const match = choices.find((candidate) => candidate === value.toLowerCase());
  if (!match) throw new InvalidValue(`expected one of ${choices.join(', ')}`);
  return match;
}
