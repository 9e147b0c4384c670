import type { InvalidRecord } from './api.js';

/** The named state value (sync_state) that holds the records to re-read. */
export const INVALID_RECORDS_STATE = 'invalid_records';
/** Key prefix of a broken record without a readable id, remembered by the start of its window. */
const UNIDENTIFIED = 'unidentified@';

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
 * the window forever). A record without a readable start time makes the next syncs re-read its
 * whole window.
 */
export function pendingInvalidStart(stored: string | null): number | null {
  const entries = parse(stored);
  const starts = Object.values(entries).map((entry) => Date.parse(entry.startTime));
  return starts.length > 0 ? Math.min(...starts) : null;
}

/**
 * What to remember after a complete window, from what was stored before (`stored`): the state value
 * to write (with the checkpoint, in one transaction) and the records given up on.
 */
export function invalidOutcome(
  stored: string | null,
  input: { invalid: readonly InvalidRecord[]; validIds: ReadonlySet<string>; windowFrom: number; windowTo: number },
): { value: string; givenUp: string[] } {
  const entries = parse(stored);
  const givenUp: string[] = [];
  for (const [id, entry] of Object.entries(entries)) {
    const start = Date.parse(entry.startTime);
    const covered = start >= input.windowFrom && start <= input.windowTo;
    const brokenAgain = input.invalid.some((record) => (record.id ?? `${UNIDENTIFIED}${entry.startTime}`) === id);
    if (input.validIds.has(id) || (covered && !brokenAgain)) delete entries[id];
  }
  for (const record of input.invalid) {
    // A record whose start time cannot be read could lie anywhere in the window: re-read the whole
    // window rather than lose it (a record without an id is remembered by that window).
    const readable = record.startTime !== null && !Number.isNaN(Date.parse(record.startTime));
    const start = readable ? Date.parse(record.startTime!) : input.windowFrom;
    const key = record.id ?? `${UNIDENTIFIED}${new Date(input.windowFrom).toISOString()}`;
    const attempts = (entries[key]?.attempts ?? 0) + 1;
    if (attempts > MAX_INVALID_RETRIES) {
      delete entries[key];
      givenUp.push(key);
    } else {
      entries[key] = { startTime: new Date(start).toISOString(), attempts };
    }
  }
  return { value: JSON.stringify(entries), givenUp };
}

function parse(value: string | null): Record<string, Entry> {
  return value ? (JSON.parse(value) as Record<string, Entry>) : {};
}
