/**
 * The life of a recording's audio in the archive, and what each answer of RingCentral's media host
 * does to it (docs/design.md, "RingCentral as it really behaves"). Pure functions of the stored state
 * and the clock: sync and stream apply the same rules.
 *
 *   (not tried) ──200──> archived
 *        │  ├──404──> not_yet_available ──(404 for a day, or past retention)──> missing
 *        │  ├──403──> refused            (tried again with back-off; past retention: missing)
 *        │  └──other failure──> pending  (tried again with back-off, the part file resumed)
 */

export type AudioStatus = 'pending' | 'not_yet_available' | 'refused' | 'archived' | 'missing';

/** The statuses a later sync tries again once their next attempt is due. */
export const RETRIED_STATUSES: readonly AudioStatus[] = ['pending', 'not_yet_available', 'refused'];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A 404 that lasts this long is not transient. */
export const NOT_FOUND_GRACE_MS = DAY;

/** RingCentral's media host may lag a call by minutes: ask again soon, then less often. */
const NOT_FOUND_BACKOFF_MS = [5 * MINUTE, 15 * MINUTE, HOUR, 4 * HOUR, 12 * HOUR];
/** A missing permission is fixed by an administrator, in hours or days. */
const REFUSED_BACKOFF_MS = [HOUR, 4 * HOUR, 12 * HOUR, DAY];
/** Broken connections and server errors: the part file is resumed next time. */
const FAILURE_BACKOFF_MS = [5 * MINUTE, 15 * MINUTE, HOUR, 4 * HOUR, 12 * HOUR, DAY];

/** What is stored about a recording's audio before an attempt. */
export interface AudioAttemptState {
  /** The call's start (ISO UTC): its age decides whether RingCentral still keeps it. */
  startTime: string;
  /** Failed attempts so far (the back-off step). */
  attempts: number;
  /** When the content first answered 404, if it did. */
  notFoundSince: string | null;
}

/** The stored outcome of an attempt that did not archive the audio. */
export interface AudioSetback {
  status: Exclude<AudioStatus, 'archived'>;
  attempts: number;
  /** null for `missing`: never asked again. */
  nextAttemptAt: string | null;
  notFoundSince: string | null;
  error: string;
}

/** Whether the call is older than the account's recording retention (RingCentral deletes the audio then). */
export function pastRetention(startTime: string, now: Date, retentionDays: number): boolean {
  return now.getTime() - Date.parse(startTime) > retentionDays * DAY;
}

/**
 * 404: past the retention, or 404 for a day already, the audio is `missing` for good; otherwise it is
 * not on the media host yet (`not_yet_available`) and is asked for again with back-off, the last
 * attempt falling when the day of grace ends.
 */
export function afterNotFound(state: AudioAttemptState, now: Date, retentionDays: number, error: string): AudioSetback {
  const attempts = state.attempts + 1;
  const since = state.notFoundSince ?? now.toISOString();
  const graceEnds = Date.parse(since) + NOT_FOUND_GRACE_MS;
  if (pastRetention(state.startTime, now, retentionDays) || now.getTime() >= graceEnds) {
    return { status: 'missing', attempts, nextAttemptAt: null, notFoundSince: since, error };
  }
  const next = Math.min(now.getTime() + step(NOT_FOUND_BACKOFF_MS, attempts), graceEnds);
  return { status: 'not_yet_available', attempts, nextAttemptAt: new Date(next).toISOString(), notFoundSince: since, error };
}

/**
 * 403: the user may not read this recording (CMN-408: `ReadCompanyCallRecording` for its extension).
 * It concerns this recording only; it is asked for again with back-off until an administrator grants
 * the permission, or until RingCentral has deleted it anyway (past the retention: `missing`).
 */
export function afterRefused(state: AudioAttemptState, now: Date, retentionDays: number, error: string): AudioSetback {
  const attempts = state.attempts + 1;
  if (pastRetention(state.startTime, now, retentionDays)) {
    return { status: 'missing', attempts, nextAttemptAt: null, notFoundSince: state.notFoundSince, error };
  }
  const next = now.getTime() + step(REFUSED_BACKOFF_MS, attempts);
  return { status: 'refused', attempts, nextAttemptAt: new Date(next).toISOString(), notFoundSince: state.notFoundSince, error };
}

/** Any other failure (connections that kept breaking, server errors): `pending`, asked for again with back-off. */
export function afterFailure(state: AudioAttemptState, now: Date, error: string): AudioSetback {
  const attempts = state.attempts + 1;
  const next = now.getTime() + step(FAILURE_BACKOFF_MS, attempts);
  return { status: 'pending', attempts, nextAttemptAt: new Date(next).toISOString(), notFoundSince: state.notFoundSince, error };
}

function step(schedule: readonly number[], attempts: number): number {
  return schedule[Math.min(attempts, schedule.length) - 1] as number;
}
