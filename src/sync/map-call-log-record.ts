import type { CallRecordingRow, Party, RecordingOwnerRow } from '../db/row-types.js';
import { toE164 } from '../util/phone.js';

/**
 * The parts of a call-log record (Detailed view) that mapping reads. Structural, so it accepts the
 * zod-parsed records of src/ringcentral and the official examples alike.
 */
export interface CallLogPartyLike {
  phoneNumber?: string | null | undefined;
  extensionNumber?: string | null | undefined;
  extensionId?: string | null | undefined;
  name?: string | null | undefined;
}

export interface CallLogRecordingLike {
  id: string;
  type?: string | undefined;
  contentUri: string;
}

export interface CallLogLegLike {
  startTime?: string | undefined;
  duration?: number | undefined;
  durationMs?: number | undefined;
  direction?: string | undefined;
  from?: CallLogPartyLike | undefined;
  to?: CallLogPartyLike | undefined;
  extension?: { id?: number | string | undefined } | undefined;
  recording?: CallLogRecordingLike | undefined;
  shortRecording?: boolean | undefined;
  telephonySessionId?: string | undefined;
}

export interface CallLogRecordLike extends CallLogLegLike {
  id: string;
  sessionId?: string | undefined;
  startTime: string;
  lastModifiedTime?: string | undefined;
  legs?: CallLogLegLike[] | undefined;
}

export interface MappingOptions {
  /** Region for numbers that arrive without a country code (config phone.defaultRegion). */
  defaultRegion: string;
  /** Recordings shorter than this are not sent to RingSense (config sync.minRecordingSeconds). */
  minRecordingSeconds: number;
}

/**
 * One row per distinct recording id in a call-log record, wherever it sits. RingCentral repeats the
 * record's recording on its legs (docs/ringcentral.md, "Records and legs";
 * test/fixtures/ringcentral/examples/call-log-list-detailed.json), and after a
 * transfer each leg may carry its own recording: those become separate rows tied to the same call.
 * A recording takes the parties and times of the one leg that carries it (after a transfer the
 * record repeats the first leg's recording, which covers only that leg), falling back to the
 * record's for what the leg lacks; a recording repeated on several legs, or on none, spans the
 * whole call and takes the record's.
 */
export function mapCallLogRecord(record: CallLogRecordLike, options: MappingOptions): CallRecordingRow[] {
  const rows = new Map<string, CallRecordingRow>();
  const callLogJson = JSON.stringify(record);
  const add = (source: CallLogLegLike) => {
    const recording = source.recording;
    if (!recording || rows.has(recording.id)) return;
    rows.set(recording.id, toRow(record, source, recording, callLogJson, options));
  };
  const carriers = (record.legs ?? []).filter((leg) => record.recording !== undefined && leg.recording?.id === record.recording.id);
  add(carriers.length === 1 ? carriers[0]! : record);
  for (const leg of record.legs ?? []) add(leg);
  return [...rows.values()];
}

function toRow(
  record: CallLogRecordLike,
  source: CallLogLegLike,
  recording: CallLogRecordingLike,
  callLogJson: string,
  options: MappingOptions,
): CallRecordingRow {
  const durationSeconds = secondsOf(source) ?? secondsOf(record) ?? 0;
  const shortRecording = source.shortRecording === true || record.shortRecording === true;
  const tooShort = shortRecording || durationSeconds < options.minRecordingSeconds;
  // The company call log may carry the handling extension only on the legs (as in the example).
  const extensionId = source.extension?.id ?? record.extension?.id ?? record.legs?.find((leg) => leg.extension?.id !== undefined)?.extension?.id;
  return {
    id: recording.id,
    callId: record.id,
    sessionId: record.sessionId ?? null,
    telephonySessionId: source.telephonySessionId ?? record.telephonySessionId ?? null,
    startTime: toIsoUtc(source.startTime ?? record.startTime),
    durationSeconds,
    direction: (source.direction ?? record.direction) === 'Outbound' ? 'Outbound' : 'Inbound',
    ...partyFields('from', toParty(source.from ?? record.from, options.defaultRegion)),
    ...partyFields('to', toParty(source.to ?? record.to, options.defaultRegion)),
    extensionId: extensionId === undefined ? null : String(extensionId),
    owner: ownerOf(record, source, recording),
    recordingType: recording.type ?? 'Automatic',
    contentUri: recording.contentUri,
    shortRecording,
    lastModifiedTime: record.lastModifiedTime ? toIsoUtc(record.lastModifiedTime) : null,
    callLogJson,
    transcriptStatus: tooShort ? 'skipped' : 'pending',
  };
}

/**
 * The extension that owns a recording for RingSense, whose AI Conversation Expert licence decides
 * whether it gets insights (docs/design.md, "RingCentral as it really behaves"): the extension of
 * the leg that carries the recording, else the record's. Its number and name come from the party of
 * that leg or record that names the same extension, when one does.
 */
export function ownerOf(record: CallLogRecordLike, source: CallLogLegLike, recording: CallLogRecordingLike): RecordingOwnerRow | null {
  const carriers = [source, ...(record.legs ?? []).filter((leg) => leg.recording?.id === recording.id)].filter((leg) => leg !== record);
  const carrier = carriers.find((leg) => leg.extension?.id !== undefined);
  const id = carrier?.extension?.id ?? record.extension?.id;
  if (id === undefined) return null;
  const extensionId = String(id);
  const parties = [carrier?.to, carrier?.from, record.to, record.from];
  const party = parties.find((candidate) => candidate?.extensionId != null && String(candidate.extensionId) === extensionId);
  return { extensionId, extensionNumber: cleanText(party?.extensionNumber), name: cleanText(party?.name) };
}

/**
 * A party keeps its E.164 number when it has one; an internal party known only by its extension
 * keeps the extension number (and no phone number) rather than a made-up E.164 value.
 */
export function toParty(party: CallLogPartyLike | undefined, defaultRegion: string): Party {
  // A number that does not parse (a short code, `*67`) is kept as sent rather than lost.
  const raw = cleanText(party?.phoneNumber);
  const phoneNumber = toE164(raw, defaultRegion) ?? (raw && /\d/.test(raw) ? raw : null);
  return {
    phoneNumber,
    name: cleanText(party?.name),
    extensionNumber: cleanText(party?.extensionNumber),
  };
}

/** A party as the `from_*` or `to_*` fields of a recording. */
function partyFields<Side extends 'from' | 'to'>(side: Side, party: Party): Record<`${Side}Number` | `${Side}Name` | `${Side}Extension`, string | null> {
  return { [`${side}Number`]: party.phoneNumber, [`${side}Name`]: party.name, [`${side}Extension`]: party.extensionNumber } as Record<`${Side}Number` | `${Side}Name` | `${Side}Extension`, string | null>;
}

function secondsOf(source: CallLogLegLike): number | undefined {
  if (typeof source.duration === 'number') return Math.max(0, Math.round(source.duration));
  if (typeof source.durationMs === 'number') return Math.max(0, Math.round(source.durationMs / 1000));
  return undefined;
}

/** RingCentral sends ISO-8601 with a zone; we store one canonical form so text order is time order. */
function toIsoUtc(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`invalid time ${JSON.stringify(value.slice(0, 40))}`);
  return new Date(ms).toISOString();
}

function cleanText(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}
