import { InvalidArgumentError } from 'commander';

/** Commander argument parsers: a bad value becomes a usage error (exit 2) naming the option. */
export function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number such as 50');
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('the number is too large');
  return n;
}

export function positiveInt(value: string): number {
  const n = nonNegativeInt(value);
  if (n === 0) throw new InvalidArgumentError('expected a number of at least 1');
  return n;
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
  return (value: string): T => {
    const match = choices.find((choice) => choice === value.toLowerCase());
    if (!match) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}`);
    return match;
  };
}
