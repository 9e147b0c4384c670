import type { Account } from '../account.js';
import type { FaultController } from '../faults.js';
import type { ResolvedOptions } from '../options.js';
import type { Throttle } from '../throttle.js';
import type { TokenStore } from '../tokens.js';
import type { ClientRefusalCode } from './error-bodies.js';

/** How RingSense answers, changeable at run time (Simulator.setRingSense). */
export interface RingSenseBehaviour {
  /** The app has the `RingSense` scope; without it 403 CMN-401. */
  scope: boolean;
  /** The JWT user has "AI Conversation Expert – Access Insights"; without it 403 RAH-3005. */
  userPermission: boolean;
  /** The route answers 404 AGW-404, as when the beta API has moved. */
  routeMoved: boolean;
}

/** What every handler works with. */
export interface SimulatorCore {
  options: ResolvedOptions;
  account: Account;
  tokens: TokenStore;
  faults: FaultController;
  now: () => number;
  ringSense: RingSenseBehaviour;
  /** The app's "Issue refresh tokens" setting. */
  issueRefreshTokens: boolean;
  /** Token requests answer 401 invalid_client with this code. */
  clientRefusal: ClientRefusalCode | null;
  ringSenseThrottle: Throttle | null;
  /** Extensions whose recordings' content answers 403 CMN-408. */
  contentForbiddenExtensions: Set<string>;
}
