import { TryAgainLaterError } from '../ringcentral/errors.js';

/**
 * Errors of the audio module. This file imports nothing heavy, so the CLI can map them to exit codes
 * (docs/cli.md, "Output and exit codes") without loading the SDK.
 */

/** A download kept breaking off without making progress: its part file stays for the next run to resume. */
export class DownloadBrokeOffError extends TryAgainLaterError {}

/**
 * Why a recording's audio cannot be had now:
 * - `gone`: RingCentral no longer has it (404 past the account's recording retention, or for a day);
 * - `not_yet_available`: 404 soon after the call, which passes (try again later);
 * - `refused`: 403, the user lacks a permission for the recording's extension;
 * - `elsewhere`: the recording came from a server that is not the configured one (a simulator).
 */
export type AudioUnavailableReason = 'gone' | 'not_yet_available' | 'refused' | 'elsewhere';

export class AudioUnavailableError extends Error {
  override readonly name = 'AudioUnavailableError';
  constructor(
    readonly reason: AudioUnavailableReason,
    message: string,
    /** A second line that says what to do. */
    readonly hint?: string,
  ) {
    super(message);
  }
}
