import type { AudioEvent } from '../audio/events.js';
import type { TranscriptCounts } from './transcript-phase.js';

/**
 * What the sync engine reports while it works. The engine knows nothing of terminals: the CLI
 * renders these as a spinner on a TTY or as plain lines in a cron log.
 */
export type SyncEvent =
  | { type: 'lock-taken-over'; pid: number; host: string }
  | { type: 'window'; from: string; to: string; longCallReread?: boolean }
  | { type: 'page'; page: number; records: number; seen: number; new: number; updated: number }
  | { type: 'invalid-record'; id: string | null; error: string }
  | { type: 'transcripts-start'; due: number }
  /** One due transcript settled; `counts` are the phase's outcomes so far. */
  | { type: 'transcript'; done: number; due: number; counts: TranscriptCounts }
  /** RingSense answered 403: nothing more is asked this run; `problem` and `fix` depend on the errorCode. */
  | { type: 'transcripts-not-licensed'; problem: string; fix: string }
  /** RingSense's route is gone (404 AGW-404): nothing more is asked, the run ends as an error. */
  | { type: 'ringsense-route-missing'; problem: string; fix: string }
  /** None of an owner's recent recordings got insights: its recordings are now asked about once each. */
  | { type: 'owner-without-insights'; problem: string; fix: string }
  /** RingSense answered 200 for an owner that had none: its recordings get the normal series again. */
  | { type: 'owner-insights-restored'; owner: string }
  | AudioEvent
  | { type: 'retention'; deleted: number };

export type SyncEventListener = (event: SyncEvent) => void;
