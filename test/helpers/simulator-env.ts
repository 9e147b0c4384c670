import type { Simulator } from '../../src/simulator/index.js';
import { isolatedEnv } from './temp-dir.js';

/** An isolated environment (see isolatedEnv) whose RC_* variables point at the simulator. */
export function simulatorEnv(dir: string, sim: Simulator, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return isolatedEnv(dir, {
    RC_SERVER_URL: sim.url,
    RC_APP_CLIENT_ID: sim.credentials.clientId,
    RC_APP_CLIENT_SECRET: sim.credentials.clientSecret,
    RC_USER_JWT: sim.credentials.jwt,
    ...extra,
  });
}
