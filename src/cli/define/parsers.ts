import { InvalidArgumentError } from 'commander';
import { InvalidValue, choice, wholeNumber } from '../../query/values.js';

/**
 * Commander argument parsers: a bad value becomes a usage error (exit 2) naming the option. The
 * checks are the query layer's, which the API's parameters go through too (src/query/values.ts).
 */
export function nonNegativeInt(value: string): number {
  return asArgumentError(() => wholeNumber(value, 0));
}

export function positiveInt(value: string): number {
  return asArgumentError(() => wholeNumber(value, 1));
}

export function share(value: string): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a share from 0 to 1 such as 0.002');
  return n;
}

export function port(value: string): number {
  const n = nonNegativeInt(value);
  if (n > 65_535) throw new InvalidArgumentError('expected a port from 0 to 65535 (0 = any free port)');
  return n;
}

export function oneOf<T extends string>(...choices: T[]) {
  return (value: string): T => asArgumentError(() => choice(value, choices));
}

function asArgumentError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidValue) throw new InvalidArgumentError(error.message);
    throw error;
  }
}
