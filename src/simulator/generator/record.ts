import { callDetails, type CallDetails } from './details.js';
import { sessionIdOf, callRecordId, telephonySessionIdOf } from './ids.js';
import { ACCOUNT_ID, STAFF } from './people.js';
import { type CallShape, type RecordingShape, locationOf } from './shape.js';
import type { CallLogLegWire, CallLogRecordWire, PartyWire, RecordingWire } from './wire-types.js';

export type View = 'Simple' | 'Detailed';

/** What can change about a call after the fact (see Account's mutators). */
export interface CallState {
  /** Whether the recordings are attached yet (a recording can appear on a record later). */
  recordingsVisible: boolean;
  /** When the record last changed (its `lastModifiedTime`, Detailed view). */
  lastModifiedMs: number;
}

export interface RecordContext {
  seed: number;
  baseUrl: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function recordingWire(ctx: RecordContext, recording: RecordingShape): RecordingWire {
  const uri = `${ctx.baseUrl}/restapi/v1.0/account/${ACCOUNT_ID}/recording/${recording.id}`;
  return { uri, id: recording.id, type: recording.type, contentUri: `${uri}/content` };
}

function extensionWire(ctx: RecordContext, staffIndex: number) {
  const id = STAFF[staffIndex]?.id ?? 0;
  return { uri: `${ctx.baseUrl}/restapi/v1.0/account/${ACCOUNT_ID}/extension/${id}`, id };
}

function staffParty(staffIndex: number, withNumber: boolean): PartyWire {
  const member = STAFF[staffIndex];
  const party: PartyWire = {};
  if (withNumber) party.phoneNumber = locationOf(staffIndex).phoneNumber;
  if (member) {
    party.extensionNumber = member.extensionNumber;
    party.extensionId = String(member.id);
    party.name = member.name;
  }
  return party;
}

function customerParty(details: CallDetails, showName: boolean): PartyWire {
  const party: PartyWire = { phoneNumber: details.customer.phoneNumber };
  if (showName && details.callerIdName) party.name = details.callerIdName;
  if (details.customer.location) party.location = details.customer.location;
  return party;
}

interface Outcome {
  action: string;
  result: string;
  reason: string;
  reasonDescription: string;
}

function outcomeOf(shape: CallShape): Outcome {
  switch (shape.outcome) {
    case 'answered':
      return shape.direction === 'Inbound'
        ? { action: 'Phone Call', result: 'Accepted', reason: 'Accepted', reasonDescription: 'The call was connected to and accepted by this number' }
        : { action: 'VoIP Call', result: 'Call connected', reason: 'Accepted', reasonDescription: 'The call was connected to and accepted by this number' };
    case 'missed':
      return { action: 'Phone Call', result: 'Missed', reason: 'Hang Up', reasonDescription: 'The caller hung up before the call was answered' };
    case 'voicemail':
      return { action: 'Phone Call', result: 'Voicemail', reason: 'Not Answered', reasonDescription: 'The call was not answered and went to voicemail' };
    case 'noAnswer':
      return { action: 'VoIP Call', result: 'No Answer', reason: 'Not Answered', reasonDescription: 'The phone number you dialed was not answered' };
    case 'fax':
      return { action: 'Incoming Fax', result: 'Received', reason: 'Accepted', reasonDescription: 'The fax was received' };
  }
}

/** Builds call `shape`'s call-log record as RingCentral sends it. */
export function buildRecord(ctx: RecordContext, shape: CallShape, state: CallState, view: View): CallLogRecordWire {
  const details = callDetails(shape);
  const id = callRecordId(ctx.seed, shape.index);
  const telephonySessionId = telephonySessionIdOf(ctx.seed, shape.index);
  const partyId = `p-${telephonySessionId.slice(2)}-1`;
  const outcome = outcomeOf(shape);
  const seconds = Math.round(shape.durationMs / 1000);
  let from: PartyWire;
  let to: PartyWire;
  if (shape.kind === 'internal') {
    from = staffParty(shape.staff, false);
    to = staffParty(shape.peer, false);
  } else if (shape.direction === 'Inbound') {
    from = customerParty(details, true);
    to = staffParty(shape.staff, true);
  } else {
    from = staffParty(shape.staff, true);
    to = customerParty(details, false);
  }
  const transport = shape.kind === 'inbound' || shape.kind === 'fax' ? 'PSTN' : 'VoIP';
  const internalType = shape.kind === 'internal' ? 'Sip' : details.customer.international ? 'International' : shape.direction === 'Inbound' ? 'Usual' : 'LongDistance';
  const recordings = state.recordingsVisible ? shape.recordings : [];
  const first = recordings[0];

  const record: CallLogRecordWire = {
    uri: `${ctx.baseUrl}/restapi/v1.0/account/${ACCOUNT_ID}/call-log/${id}?view=${view}`,
    id,
    sessionId: sessionIdOf(ctx.seed, shape.index),
    startTime: iso(shape.startMs),
    duration: seconds,
    durationMs: shape.durationMs,
    type: shape.type,
    internalType,
    direction: shape.direction,
    action: outcome.action,
    result: outcome.result,
    reason: outcome.reason,
    reasonDescription: outcome.reasonDescription,
    to,
    from,
    extension: extensionWire(ctx, shape.staff),
    telephonySessionId,
    partyId,
    transport,
  };
  if (first) record.recording = recordingWire(ctx, first);
  if (shape.shortRecording) record.shortRecording = true;
  if (shape.outcome === 'voicemail' || shape.outcome === 'fax') {
    const messageId = String(9_100_000_000 + shape.index);
    record.message = {
      id: messageId,
      type: shape.outcome === 'fax' ? 'Fax' : 'VoiceMail',
      uri: `${ctx.baseUrl}/restapi/v1.0/account/${ACCOUNT_ID}/extension/${STAFF[shape.staff]?.id ?? 0}/message-store/${messageId}`,
    };
  }
  // The spec marks lastModifiedTime, billing and legs "Detailed view only" (docs/ringcentral.md, "Records and legs"); the simulator
  // follows the spec so a client that relies on them in Simple view fails here rather than in production.
  if (view === 'Detailed') {
    record.sipUuidInfo = `${telephonySessionId.slice(2, 14)}-${shape.index}`;
    record.lastModifiedTime = iso(state.lastModifiedMs);
    const international = details.customer.international && shape.direction === 'Outbound';
    record.billing = { costIncluded: 0, costPurchased: international ? Math.round(seconds * 0.35) / 100 : 0 };
    record.legs = buildLegs(ctx, shape, record, recordings);
  }
  return record;
}

function buildLegs(ctx: RecordContext, shape: CallShape, record: CallLogRecordWire, recordings: readonly RecordingShape[]): CallLogLegWire[] {
  const base = (): CallLogLegWire => {
    const leg: CallLogLegWire = {
      startTime: record.startTime,
      duration: record.duration,
      durationMs: record.durationMs,
      type: record.type,
      direction: record.direction,
      action: record.action,
      result: record.result,
      reason: record.reason as string,
      to: record.to,
      from: record.from,
      extension: record.extension as { uri: string; id: number },
      telephonySessionId: record.telephonySessionId,
      partyId: record.partyId as string,
      transport: record.transport,
      legType: 'Accept',
      master: true,
    };
    if (record.internalType) leg.internalType = record.internalType;
    if (record.shortRecording) leg.shortRecording = true;
    if (record.message) leg.message = record.message;
    return leg;
  };
  const first = base();
  if (shape.kind === 'internal') first.legType = 'ExtensionToExtension';
  else if (shape.direction === 'Outbound') first.legType = 'SipToPstnMetered';
  const firstRecording = recordings.find((r) => r.leg === 0);
  if (firstRecording) first.recording = recordingWire(ctx, firstRecording);
  if (shape.transferTo < 0) return [first];

  // A transfer: the first leg ends when the call moves to the second extension, which gets its own recording.
  first.duration = Math.round(shape.transferAtMs / 1000);
  first.durationMs = shape.transferAtMs;
  const second = base();
  second.legType = 'TransferCall';
  second.action = 'Transfer';
  second.master = false;
  second.startTime = iso(shape.startMs + shape.transferAtMs);
  second.durationMs = shape.durationMs - shape.transferAtMs;
  second.duration = Math.round(second.durationMs / 1000);
  second.from = staffParty(shape.staff, true);
  second.to = staffParty(shape.transferTo, true);
  second.transport = 'VoIP';
  second.extension = extensionWire(ctx, shape.transferTo);
  second.partyId = `p-${record.telephonySessionId.slice(2)}-2`;
  const secondRecording = recordings.find((r) => r.leg === 1);
  if (secondRecording) second.recording = recordingWire(ctx, secondRecording);
  return [first, second];
}
