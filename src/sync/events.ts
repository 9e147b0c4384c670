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
  | { type: 'transcript'; done: number; due: number; fetched: number }
  | { type: 'transcripts-not-licensed'; reason: string }
  | { type: 'audio-start'; due: number }
  | { type: 'audio'; done: number; due: number }
  | { type: 'audio-missing'; id: string }
  | { type: 'audio-failed'; id: string; error: string }
  | { type: 'retention'; deleted: number };

export type SyncEventListener = (event: SyncEvent) => void;
