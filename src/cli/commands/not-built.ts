import { ExitCodeError } from '../errors.js';
import type { CommandFunction } from '../invocation.js';

/** Stands in for a command of the contract that this version does not have yet: says so, exit 1. */
export function notBuilt(name: string): CommandFunction<unknown> {
  return async () => {
    throw new ExitCodeError(1, `'recordings ${name}' is not built yet in this version`);
  };
}
