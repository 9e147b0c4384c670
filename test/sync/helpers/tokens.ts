import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestLogEntry, Simulator } from '../../../src/simulator/index.js';
import { TOKEN_PATH } from './simulator.js';

/** What a token request was and how it was answered, from the simulator's request log. */
export interface TokenGrant {
  grant: string;
  status: number;
  errorCode: string | null;
  at: number;
}

/** Every token request since log index `since`: `jwt` logins and `refresh_token` refreshes, with their answers. */
export function tokenGrants(sim: Simulator, since = 0): TokenGrant[] {
  return sim.requests
    .slice(since)
    .filter((request) => request.path === TOKEN_PATH)
    .map((request) => ({ grant: request.grantType ?? '?', status: request.status, errorCode: request.errorCode, at: request.at }));
}

/** Successful JWT logins since `since`, oldest first. */
export function logins(sim: Simulator, since = 0): TokenGrant[] {
  return tokenGrants(sim, since).filter((grant) => grant.grant === 'jwt' && grant.status === 200);
}

/** API requests (not the token endpoint) answered 401 since `since`. */
export function rejectedRequests(sim: Simulator, since = 0): RequestLogEntry[] {
  return sim.requests.slice(since).filter((request) => request.path !== TOKEN_PATH && request.status === 401);
}

/** The token file of an environment made by `syncEnv(dir, …)` ($XDG_STATE_HOME/recordings/tokens.json). */
export function tokenFileOf(dir: string): string {
  return join(dir, 'state', 'recordings', 'tokens.json');
}

/** The one session stored in a token file, as the SDK keeps it. */
export function storedSession(tokenFile: string): { access_token?: string; refresh_token?: string; refresh_token_expire_time?: number } {
  const file = JSON.parse(readFileSync(tokenFile, 'utf8')) as { accounts: Record<string, Record<string, string>> };
  const entries = Object.values(file.accounts);
  if (entries.length !== 1) throw new Error(`expected one stored session, found ${entries.length}`);
  return JSON.parse(entries[0]!['rc-platform'] ?? '{}') as { access_token?: string; refresh_token?: string };
}
