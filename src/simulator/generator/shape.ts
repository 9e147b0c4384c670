import { LOCATIONS, STAFF } from './people.js';
import { Rng, hash32, unit } from './prng.js';

/**
 * The numeric skeleton of one call, derived from (seed, index) alone: cheap enough to compute for every
 * call when a filtered query has to count matches. Strings (names, numbers, texts) come later, in record.ts.
 */

export type Category = 'reservation' | 'catering' | 'complaint' | 'hours' | 'giftcard' | 'cancellation' | 'internal';
export type CallKind = 'inbound' | 'outbound' | 'internal' | 'fax';
export type Outcome = 'answered' | 'missed' | 'voicemail' | 'noAnswer' | 'fax';
export type RecordingType = 'Automatic' | 'OnDemand';

export interface RecordingShape {
  id: string;
  type: RecordingType;
  /** 0 = the first leg (also shown on the record itself), 1 = the leg after a transfer. */
  leg: 0 | 1;
  /** Offset of the recording's start from the call's start. */
  offsetMs: number;
  durationMs: number;
}

export interface CallShape {
  index: number;
  startMs: number;
  durationMs: number;
  kind: CallKind;
  direction: 'Inbound' | 'Outbound';
  type: 'Voice' | 'Fax';
  category: Category;
  outcome: Outcome;
  /** Index into STAFF of the extension that handled (or placed) the call. */
  staff: number;
  /** Index into STAFF of the transfer target, or -1. */
  transferTo: number;
  /** For a transfer: when the second leg starts, from the call's start. */
  transferAtMs: number;
  /** Internal calls: index into STAFF of the other extension, or -1. */
  peer: number;
  /** "Recording too short": the call was recorded but no recording is returned [spec `shortRecording`]. */
  shortRecording: boolean;
  recordings: RecordingShape[];
  /** A per-call seed for names, numbers and transcript choices. */
  detailSeed: number;
}

const CATEGORIES_INBOUND: readonly Category[] = ['reservation', 'hours', 'catering', 'complaint', 'giftcard', 'cancellation'];
const WEIGHTS_INBOUND = [32, 14, 14, 10, 10, 12];
const CATEGORIES_OUTBOUND: readonly Category[] = ['reservation', 'catering', 'complaint', 'cancellation'];
const WEIGHTS_OUTBOUND = [40, 30, 20, 10];

/** Typical conversation length per category, seconds: [min, typical spread]. */
/** Long calls last 2.5 to 8 hours: longer than the sync's lookback, shorter than a day. */
export const LONG_CALL_MIN_SECONDS = 9_000;
export const LONG_CALL_MAX_SECONDS = 28_800;

const DURATION: Record<Category, [number, number]> = {
  reservation: [35, 180],
  catering: [90, 600],
  complaint: [80, 540],
  hours: [20, 90],
  giftcard: [40, 200],
  cancellation: [25, 120],
  internal: [20, 240],
};

/** Recording ids are numeric strings that encode the call index and the leg, so content lookups need no table. */
export function recordingBase(seed: number): number {
  return 2_700_000_000_000 + (seed % 997) * 100_000_000;
}

export function recordingIdFor(seed: number, index: number, leg: 0 | 1): string {
  return String(recordingBase(seed) + index * 4 + leg);
}

/** The call index and leg a recording id names, or null when it cannot be one of ours. */
export function decodeRecordingId(seed: number, id: string): { index: number; leg: 0 | 1 } | null {
  if (!/^\d{1,16}$/.test(id)) return null;
  const offset = Number(id) - recordingBase(seed);
  if (offset < 0) return null;
  const leg = offset % 4;
  if (leg > 1) return null;
  return { index: Math.floor(offset / 4), leg: leg as 0 | 1 };
}

export function callShape(seed: number, index: number, startMs: number, longCallShare = 0): CallShape {
  const rng = new Rng(hash32(seed, index, 1));
  const kind = rng.weighted<CallKind>(['inbound', 'outbound', 'internal', 'fax'], [70, 18, 8, 4]);
  const staff = rng.int(0, STAFF.length - 1);
  let category: Category;
  let outcome: Outcome;
  let peer = -1;
  if (kind === 'inbound') {
    category = rng.weighted(CATEGORIES_INBOUND, WEIGHTS_INBOUND);
    outcome = rng.weighted<Outcome>(['answered', 'missed', 'voicemail'], [78, 12, 10]);
  } else if (kind === 'outbound') {
    category = rng.weighted(CATEGORIES_OUTBOUND, WEIGHTS_OUTBOUND);
    outcome = rng.chance(0.8) ? 'answered' : 'noAnswer';
  } else if (kind === 'internal') {
    category = 'internal';
    outcome = rng.chance(0.9) ? 'answered' : 'missed';
    peer = (staff + rng.int(1, STAFF.length - 1)) % STAFF.length;
  } else {
    category = 'catering';
    outcome = 'fax';
  }

  let seconds: number;
  const short = rng.chance(0.05);
  if (outcome === 'answered') {
    const [min, spread] = DURATION[category];
    const r = rng.next();
    seconds = short ? rng.int(3, 9) : Math.round(min + spread * r * r + (rng.chance(0.06) ? rng.int(200, 700) : 0));
    // A call left open for hours (a conference bridge, a line nobody hung up): drawn from its own
    // stream, so the share changes no other call of the account.
    const long = unit(seed, index, 61);
    if (!short && long < longCallShare) seconds = LONG_CALL_MIN_SECONDS + Math.round((long / longCallShare) * (LONG_CALL_MAX_SECONDS - LONG_CALL_MIN_SECONDS));
  } else if (outcome === 'fax') {
    seconds = rng.int(30, 90);
  } else if (outcome === 'voicemail') {
    seconds = rng.int(25, 70);
  } else {
    seconds = rng.int(5, 40);
  }
  const durationMs = seconds * 1000 + rng.int(0, 999);

  let transferTo = -1;
  let transferAtMs = 0;
  if (kind === 'inbound' && outcome === 'answered' && seconds >= 60 && rng.chance(category === 'catering' || category === 'complaint' ? 0.3 : 0.08)) {
    const wanted = category === 'catering' ? 'catering' : 'manager';
    const candidates = STAFF.map((member, i) => (member.role === wanted && i !== staff ? i : -1)).filter((i) => i >= 0);
    transferTo = candidates.length > 0 ? rng.pick(candidates) : (staff + 1) % STAFF.length;
    transferAtMs = Math.round(durationMs * (0.2 + 0.25 * rng.next()));
  }

  const recorded = outcome === 'answered' && rng.chance(kind === 'internal' ? 0.3 : 0.85);
  const recordingType: RecordingType = rng.chance(0.75) ? 'Automatic' : 'OnDemand';
  const shortRecording = recorded && seconds < 10 && rng.chance(0.5);
  const recordings: RecordingShape[] = [];
  if (recorded && !shortRecording) {
    if (transferTo >= 0) {
      recordings.push({ id: recordingIdFor(seed, index, 0), type: recordingType, leg: 0, offsetMs: 0, durationMs: transferAtMs });
      recordings.push({
        id: recordingIdFor(seed, index, 1),
        type: recordingType,
        leg: 1,
        offsetMs: transferAtMs,
        durationMs: durationMs - transferAtMs,
      });
    } else {
      recordings.push({ id: recordingIdFor(seed, index, 0), type: recordingType, leg: 0, offsetMs: 0, durationMs });
    }
  }

  return {
    index,
    startMs,
    durationMs,
    kind,
    direction: kind === 'outbound' || kind === 'internal' ? 'Outbound' : 'Inbound',
    type: kind === 'fax' ? 'Fax' : 'Voice',
    category,
    outcome,
    staff,
    transferTo,
    transferAtMs,
    peer,
    shortRecording,
    recordings,
    detailSeed: hash32(seed, index, 2),
  };
}

/** The location a staff member works at. */
export function locationOf(staffIndex: number) {
  const member = STAFF[staffIndex];
  return LOCATIONS[member?.location ?? 0] ?? (LOCATIONS[0] as (typeof LOCATIONS)[number]);
}
