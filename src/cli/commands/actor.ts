import { userInfo } from 'node:os';
import type { Env } from '../../config/paths.js';

/** Who ran a command, for the audit log: the login name of the process owner. */
export function currentActor(env: Env): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers).
    return env.USER || env.LOGNAME || 'unknown';
  }
}
