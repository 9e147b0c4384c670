import { ConfigError } from '../config/errors.js';
import { ApiError, AuthError, InvalidResponseError, TryAgainLaterError } from '../ringcentral/errors.js';
import { AudioUnavailableError, type AudioUnavailableReason } from './errors.js';

/**
 * Why a recording's audio could not be had, for a caller that knows neither the client nor its
 * errors (`serve`): the reasons of AudioUnavailableError, and
 * - `credentials`: RingCentral's credentials are missing or were refused;
 * - `later`: RingCentral stayed rate-limited or unreachable, or the download kept breaking off;
 * - `upstream`: RingCentral answered with an error, or with something that is not audio.
 * The messages are the ones the CLI prints: they carry no secret.
 */
export interface AudioFailure {
  kind: AudioUnavailableReason | 'credentials' | 'later' | 'upstream';
  message: string;
  hint?: string | undefined;
}

/** The failure `error` stands for, or null when it is not one of fetching audio (a bug: let it surface). */
export function audioFailure(error: unknown): AudioFailure | null {
  if (error instanceof AudioUnavailableError) return { kind: error.reason, message: error.message, hint: error.hint };
  if (error instanceof ConfigError || error instanceof AuthError) {
    return { kind: 'credentials', message: error.message, hint: 'check the credentials with: recordings doctor' };
  }
  if (error instanceof TryAgainLaterError) return { kind: 'later', message: error.message, hint: 'try again later' };
  if (error instanceof ApiError || error instanceof InvalidResponseError) return { kind: 'upstream', message: error.message };
  return null;
}
