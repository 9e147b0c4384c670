import { describe, expect, it } from 'vitest';
import { readExample } from '../../test/helpers/ringcentral-fixtures.js';
import { type CallLogRecordLike, mapCallLogRecord, toParty } from './map-call-log-record.js';

/** An example as loosely typed JSON: each test casts what it reads. */
const example = (name: string) => readExample(name) as any;
const options = { defaultRegion: 'US', minRecordingSeconds: 10 };

describe('mapCallLogRecord on the official examples', () => {
  it('maps the Detailed example, whose recording repeats on both legs, to one row with the record parties', () => {
    const record = example('call-log-list-detailed.json').records[0] as CallLogRecordLike;
    const rows = mapCallLogRecord(record, options);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: '1662272004',
      callId: 'VgLcd1KWffJVzUA',
      sessionId: '1039811321016',
      telephonySessionId: 's-a0d178729c49dz1876d9b9d11z19269ec0000',
      startTime: '2023-04-10T23:58:47.594Z',
      durationSeconds: 194,
      direction: 'Inbound',
      fromNumber: '+14155555908',
      fromName: 'SAN FRANCSCO CA',
      fromExtension: null,
      toNumber: '+15625555778',
      toName: 'SDK Engineer Candidate',
      toExtension: null,
      extensionId: '664573005',
      owner: { extensionId: '664573005', extensionNumber: null, name: null },
      recordingType: 'OnDemand',
      contentUri: 'https://media.ringcentral.com:443/restapi/..snip../content',
      shortRecording: false,
      lastModifiedTime: '2023-04-11T00:06:42.028Z',
      transcriptStatus: 'pending',
    });
    expect(JSON.parse(rows[0]!.callLogJson)).toEqual(record);
  });

  it('maps the Simple example with a recording', () => {
    const record = example('call-log-record-simple-with-recording.json') as CallLogRecordLike;
    const rows = mapCallLogRecord(record, options);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(record.recording!.id);
    expect(rows[0]!.callId).toBe(record.id);
  });

  it('maps records without recordings to nothing', () => {
    for (const record of example('call-log-list-simple.json').records as CallLogRecordLike[]) {
      expect(mapCallLogRecord(record, options)).toHaveLength(record.recording ? 1 : 0);
    }
  });
});

describe('mapCallLogRecord on shaped records', () => {
  const base: CallLogRecordLike = {
    id: 'rec-1',
    sessionId: '900',
    telephonySessionId: 's-900',
    startTime: '2026-11-20T10:00:00-05:00',
    duration: 300,
    direction: 'Inbound',
    from: { phoneNumber: '(415) 555-0100', name: 'Zoë' },
    to: { phoneNumber: '+16505550199', name: 'Front desk' },
    lastModifiedTime: '2026-11-20T15:10:00Z',
  };

  it('gives a transfer with a recording per leg two rows tied to the same call, each with its leg parties', () => {
    const record: CallLogRecordLike = {
      ...base,
      legs: [
        { startTime: '2026-11-20T15:00:00Z', duration: 60, direction: 'Inbound', from: base.from, to: { extensionNumber: '101', name: 'Host' }, recording: { id: 'A', type: 'Automatic', contentUri: 'http://x/A' } },
        { startTime: '2026-11-20T15:01:00Z', duration: 240, direction: 'Inbound', from: base.from, to: { extensionNumber: '205', name: 'Events manager' }, recording: { id: 'B', type: 'Automatic', contentUri: 'http://x/B' }, extension: { id: 42 } },
      ],
    };
    const rows = mapCallLogRecord(record, options);
    expect(rows.map((row) => [row.id, row.callId, row.startTime, row.durationSeconds, row.toExtension, row.toNumber])).toEqual([
      ['A', 'rec-1', '2026-11-20T15:00:00.000Z', 60, '101', null],
      ['B', 'rec-1', '2026-11-20T15:01:00.000Z', 240, '205', null],
    ]);
    expect(rows[1]!.extensionId).toBe('42');
  });

  it('gives the first recording of a transfer, repeated on the record, the times of the leg it covers', () => {
    const first = { startTime: '2026-11-20T15:00:00Z', duration: 60, direction: 'Inbound', from: base.from, to: base.to, recording: { id: 'A', contentUri: 'http://x/A' } };
    const record: CallLogRecordLike = {
      ...base,
      recording: { id: 'A', contentUri: 'http://x/A' },
      legs: [first, { ...first, startTime: '2026-11-20T15:01:00Z', duration: 240, recording: { id: 'B', contentUri: 'http://x/B' } }],
    };
    const rows = mapCallLogRecord(record, options);
    expect(rows.map((row) => [row.id, row.startTime, row.durationSeconds])).toEqual([
      ['A', '2026-11-20T15:00:00.000Z', 60],
      ['B', '2026-11-20T15:01:00.000Z', 240],
    ]);
  });

  it('normalises numbers to E.164 with the default region and converts times to UTC', () => {
    const [row] = mapCallLogRecord({ ...base, recording: { id: 'R', contentUri: 'http://x/R' } }, options);
    expect(row!.fromNumber).toBe('+14155550100');
    expect(row!.startTime).toBe('2026-11-20T15:00:00.000Z');
    const [gb] = mapCallLogRecord({ ...base, from: { phoneNumber: '020 7183 8750' }, recording: { id: 'R', contentUri: 'u' } }, { ...options, defaultRegion: 'GB' });
    expect(gb!.fromNumber).toBe('+442071838750');
  });

  it('marks short recordings skipped: the shortRecording flag or under the minimum length', () => {
    const flagged = mapCallLogRecord({ ...base, shortRecording: true, recording: { id: 'S', contentUri: 'u' } }, options);
    const brief = mapCallLogRecord({ ...base, duration: 7, recording: { id: 'T', contentUri: 'u' } }, options);
    const long = mapCallLogRecord({ ...base, duration: 10, recording: { id: 'U', contentUri: 'u' } }, options);
    expect(flagged[0]!.transcriptStatus).toBe('skipped');
    expect(flagged[0]!.shortRecording).toBe(true);
    expect(brief[0]!.transcriptStatus).toBe('skipped');
    expect(long[0]!.transcriptStatus).toBe('pending');
  });

  it("names each recording's owner for RingSense: the carrying leg's extension, else the record's", () => {
    const host = { extensionNumber: '101', extensionId: '7001', name: 'Host' };
    const manager = { extensionNumber: '205', extensionId: '7002', name: 'Events manager' };
    const transfer: CallLogRecordLike = {
      ...base,
      extension: { id: 7001 },
      recording: { id: 'A', contentUri: 'http://x/A' },
      legs: [
        { startTime: '2026-11-20T15:00:00Z', duration: 60, from: base.from, to: host, extension: { id: 7001 }, recording: { id: 'A', contentUri: 'http://x/A' } },
        { startTime: '2026-11-20T15:01:00Z', duration: 240, from: host, to: manager, extension: { id: 7002 }, recording: { id: 'B', contentUri: 'http://x/B' } },
      ],
    };
    expect(mapCallLogRecord(transfer, options).map((row) => [row.id, row.owner])).toEqual([
      ['A', { extensionId: '7001', extensionNumber: '101', name: 'Host' }],
      ['B', { extensionId: '7002', extensionNumber: '205', name: 'Events manager' }],
    ]);
    // On the record only (Simple view): the record's extension; a party naming another extension is not it.
    const [simple] = mapCallLogRecord({ ...base, extension: { id: 7001 }, to: manager, recording: { id: 'C', contentUri: 'u' } }, options);
    expect(simple!.owner).toEqual({ extensionId: '7001', extensionNumber: null, name: null });
    expect(mapCallLogRecord({ ...base, recording: { id: 'D', contentUri: 'u' } }, options)[0]!.owner).toBeNull();
  });

  it('rejects a record whose start time is not a time', () => {
    expect(() => mapCallLogRecord({ ...base, startTime: 'yesterday', recording: { id: 'R', contentUri: 'u' } }, options)).toThrow(/invalid time/);
  });
});

describe('toParty', () => {
  it('keeps an extension-only party as its extension number', () => {
    expect(toParty({ extensionNumber: '101', name: 'Host' }, 'US')).toEqual({ phoneNumber: null, name: 'Host', extensionNumber: '101' });
  });
  it('keeps a number that does not parse as sent, and drops text without digits', () => {
    expect(toParty({ phoneNumber: '*67' }, 'US').phoneNumber).toBe('*67');
    expect(toParty({ phoneNumber: 'Anonymous' }, 'US').phoneNumber).toBeNull();
    expect(toParty(undefined, 'US')).toEqual({ phoneNumber: null, name: null, extensionNumber: null });
  });
});
