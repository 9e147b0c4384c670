import type { Database } from 'better-sqlite3';
import { readState, writeState } from '../db/status-queries.js';
import type { InvalidRecord } from './api.js';

const STATE = 'invalid_records';

/** How many syncs re-read the window of a record that failed validation before giving up on it. */
export const MAX_INVALID_RETRIES = 5;

interface Entry {
  startTime: string;
  attempts: number;
}

/**
 * Records that failed validation are skipped, but the checkpoint moves past them: so that a
 * passing fault loses nothing, their start times are remembered and the next syncs reach back to
 * re-read them, a bounded number of times (a record RingCentral keeps sending broken must not pin
 * the window forever). Records without a readable id or start time cannot be tracked.
 */
export function pendingInvalidStart(db: Database): number | null {
  const entries = read(db);
  const starts = Object.values(entries).map((entry) => Date.parse(entry.startTime));
  return starts.length > 0 ? Math.min(...starts) : null;
}

export function recordInvalidOutcome(
  db: Database,
  input: { invalid: readonly InvalidRecord[]; validIds: ReadonlySet<string>; windowFrom: number; windowTo: number; now: string },
): { givenUp: string[] } {
  const entries = read(db);
  const givenUp: string[] = [];
  for (const [id, entry] of Object.entries(entries)) {
    const start = Date.parse(entry.startTime);
    const covered = start >= input.windowFrom && start <= input.windowTo;
    if (input.validIds.has(id) || (covered && !input.invalid.some((record) => record.id === id))) delete entries[id];
  }
  for (const record of input.invalid) {
    if (!record.id || !record.startTime || Number.isNaN(Date.parse(record.startTime))) continue;
    const attempts = (entries[record.id]?.attempts ?? 0) + 1;
    if (attempts > MAX_INVALID_RETRIES) {
      delete entries[record.id];
      givenUp.push(record.id);
    } else {
      entries[record.id] = { startTime: new Date(Date.parse(record.startTime)).toISOString(), attempts };
    }
  }
  writeState(db, STATE, JSON.stringify(entries), input.now);
  return { givenUp };
}

function read(db: Database): Record<string, Entry> {
  const value = readState(db, STATE);
  return value ? (JSON.parse(value) as Record<string, Entry>) : {};
}
