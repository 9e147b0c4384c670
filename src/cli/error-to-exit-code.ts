import { AudioUnavailableError } from '../audio/errors.js';
import { ConfigError } from '../config/errors.js';
import { ArchiveSetupError, DatabaseAuthError, DatabaseError, DatabaseUnavailableError, NoArchiveError } from '../db/errors.js';
import { QueryError } from '../query/errors.js';
import { AuthError, TryAgainLaterError } from '../ringcentral/errors.js';
import { SyncLockedError } from '../sync/errors.js';
import { ExitCodeError, NotFoundError, UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';

export interface DescribedError {
  exitCode: number;
  /** The one line after `recordings: `; empty when the command already said everything. */
  message: string;
  hint?: string | undefined;
  /** Unexpected errors get their stack printed with --verbose. */
  unexpected: boolean;
}

/**
 * Audio that cannot be had (src/audio/errors.ts): gone is "does not exist" (4), not yet available is
 * "try again later" (75), refused is a missing permission (3), and an archive made from a simulator
 * that is not the configured server is a configuration problem (2).
 */
const AUDIO_EXIT: Record<AudioUnavailableError['reason'], number> = {
  gone: EXIT.notFound,
  not_yet_available: EXIT.tryAgainLater,
  refused: EXIT.auth,
  elsewhere: EXIT.usage,
};

/** The query layer's codes (src/query/errors.ts) as exit codes: 400 is 2, 404 is 4, 503 is 75. */
const QUERY_EXIT: Record<QueryError['code'], number> = {
  bad_request: EXIT.usage,
  not_found: EXIT.notFound,
  unavailable: EXIT.tryAgainLater,
};

/** The single mapping from typed errors to exit codes (docs/cli.md, "Output and exit codes"). */
export function describeError(error: unknown): DescribedError {
  if (error instanceof ExitCodeError) return { exitCode: error.exitCode, message: error.message, unexpected: false };
  if (error instanceof UsageError) return { exitCode: EXIT.usage, message: error.message, hint: error.hint, unexpected: false };
  if (error instanceof QueryError) return { exitCode: QUERY_EXIT[error.code], message: error.message, hint: error.hint, unexpected: false };
  if (error instanceof ConfigError) return { exitCode: EXIT.usage, message: error.message, unexpected: false };
  if (error instanceof NoArchiveError) return { exitCode: EXIT.usage, message: error.message, unexpected: false };
  if (error instanceof ArchiveSetupError) return { exitCode: EXIT.usage, message: error.message, hint: error.hint, unexpected: false };
  if (error instanceof DatabaseAuthError) return { exitCode: EXIT.auth, message: error.message, hint: error.hint, unexpected: false };
  if (error instanceof DatabaseUnavailableError) return { exitCode: EXIT.tryAgainLater, message: error.message, hint: error.hint, unexpected: false };
  if (error instanceof NotFoundError) return { exitCode: EXIT.notFound, message: error.message, hint: error.hint, unexpected: false };
  if (error instanceof AudioUnavailableError) return { exitCode: AUDIO_EXIT[error.reason], message: error.message, hint: error.hint, unexpected: false };
  if (error instanceof AuthError) return { exitCode: EXIT.auth, message: error.message, unexpected: false };
  if (error instanceof TryAgainLaterError || error instanceof SyncLockedError) {
    return { exitCode: EXIT.tryAgainLater, message: error.message, unexpected: false };
  }
  if (error instanceof DatabaseError) return { exitCode: EXIT.failure, message: error.message, hint: error.hint, unexpected: false };
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT.failure, message: oneLine(message) || 'unexpected failure', unexpected: true };
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
