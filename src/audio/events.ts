/**
 * What archiving reports while it works. The audio module knows nothing of terminals: the CLI renders
 * these (as part of a sync's progress) on a spinner or as plain lines in a cron log.
 */
export type AudioEvent =
  | { type: 'audio-start'; due: number }
  | { type: 'audio'; done: number; due: number }
  /** RingCentral no longer has it: 404 past the retention or for a day (`notFoundSince`), or refused past the retention. */
  | { type: 'audio-missing'; id: string; notFoundSince: string | null }
  | { type: 'audio-not-yet-available'; id: string; nextAttemptAt: string }
  | { type: 'audio-refused'; id: string; reason: string; nextAttemptAt: string }
  | { type: 'audio-failed'; id: string; error: string; nextAttemptAt: string | null };

export type AudioEventListener = (event: AudioEvent) => void;
