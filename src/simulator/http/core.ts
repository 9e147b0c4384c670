import type { Account } from '../account.js';
import type { FaultController } from '../faults.js';
import type { ResolvedOptions } from '../options.js';
import type { TokenStore } from '../tokens.js';

/** What every handler works with. */
export interface SimulatorCore {
  options: ResolvedOptions;
  account: Account;
  tokens: TokenStore;
  faults: FaultController;
  now: () => number;
  ringSenseLicensed: boolean;
}
