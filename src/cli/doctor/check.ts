import { EXIT } from '../exit-codes.js';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/**
 * What a failure says about the exit code (docs/cli.md, "Operations", `doctor`): RingCentral refused the credentials
 * or a permission (3), RingCentral could not be reached (75), anything else (1).
 */
export type FailureKind = 'credentials' | 'unreachable' | 'other';

export interface CheckResult {
  /** Stable, for scripts reading --json: e.g. `database.integrity`. */
  id: string;
  title: string;
  status: CheckStatus;
  /** One line; never a secret. */
  message: string;
  /** One line telling how to fix it; null when there is nothing to do. */
  fix: string | null;
  kind: FailureKind | null;
}

export const pass = (id: string, title: string, message: string): CheckResult => ({ id, title, status: 'pass', message, fix: null, kind: null });

export const warn = (id: string, title: string, message: string, fix: string | null = null): CheckResult => ({
  id,
  title,
  status: 'warn',
  message,
  fix,
  kind: null,
});

export const fail = (id: string, title: string, message: string, fix: string | null, kind: FailureKind = 'other'): CheckResult => ({
  id,
  title,
  status: 'fail',
  message,
  fix,
  kind,
});

export const skip = (id: string, title: string, message: string): CheckResult => ({ id, title, status: 'skip', message, fix: null, kind: null });

/**
 * 0 when no check failed (warnings do not count). A refused credential or permission wins (3);
 * then any local failure (1); 75 only when RingCentral being unreachable is the sole problem, since
 * it promises that trying again later is all that is needed.
 */
export function doctorExitCode(results: readonly CheckResult[]): number {
  const failures = results.filter((result) => result.status === 'fail');
  if (failures.length === 0) return EXIT.ok;
  if (failures.some((result) => result.kind === 'credentials')) return EXIT.auth;
  if (failures.some((result) => result.kind === 'other')) return EXIT.failure;
  return EXIT.tryAgainLater;
}
