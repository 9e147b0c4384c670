import { describe, expect, it } from 'vitest';
import { InvalidResponseError } from '../../src/ringcentral/errors.js';
import { callLogPageEnvelopeSchema, callLogRecordSchema } from '../../src/ringcentral/schemas/call-log.js';
import { errorBodySchema } from '../../src/ringcentral/schemas/error-body.js';
import { parseCallLogPage } from '../../src/ringcentral/schemas/parse-call-log-page.js';
import { recordingInfoSchema } from '../../src/ringcentral/schemas/recording.js';
import { recordingInsightsSchema } from '../../src/ringcentral/schemas/ringsense.js';
import { tokenInfoSchema } from '../../src/ringcentral/schemas/token.js';
import { readExample as example } from '../helpers/ringcentral-fixtures.js';

function clone<T>(value: T): T {
  return structuredClone(value);
}

describe('official examples validate (no archive)', () => {
  it.each(['call-log-list-detailed.json', 'call-log-list-simple.json'])('%s', (name) => {
    const page = parseCallLogPage(example(name));
    expect(page.invalid).toEqual([]);
    expect(page.records.length).toBe((example(name).records as unknown[]).length);
    expect(page.paging.perPage).toBe(100);
  });

  it('keeps the legs, extension ids and recordings of the Detailed view', () => {
    const [record] = parseCallLogPage(example('call-log-list-detailed.json')).records;
    expect(record?.legs?.length).toBeGreaterThan(1);
    expect(record?.legs?.[0]?.extension?.id).toBe(664573005);
    expect(record?.recording?.id).toBe('1662272004');
    expect(record?.lastModifiedTime).toBe('2023-04-11T00:06:42.028Z');
  });

  it('call-log-record-simple-with-recording.json', () => {
    const record = callLogRecordSchema.parse(example('call-log-record-simple-with-recording.json'));
    expect(record.recording?.contentUri).toContain('/content');
  });

  it('ringsense-insights-pbx.json', () => {
    const insights = recordingInsightsSchema.parse(example('ringsense-insights-pbx.json'));
    expect(insights.insights.Transcript?.length).toBeGreaterThan(0);
    expect(insights.speakerInfo[1]?.accountId).toBeNull();
    expect(insights.insights.AIScore?.[0]?.value).toBe('8');
  });

  it('the 403 error body', () => {
    const body = errorBodySchema.parse(example('error-403-insufficient-permissions-ReadCallLog.json'));
    expect(body.errors?.[0]?.errorCode).toBe('CMN-401');
  });
});

describe('wrong types are rejected, unknown fields accepted (no archive)', () => {
  const base = example('call-log-record-simple-with-recording.json');

  it('accepts and keeps unknown fields', () => {
    const record = callLogRecordSchema.parse({ ...clone(base), brandNewField: { nested: true } });
    expect((record as Record<string, unknown>).brandNewField).toEqual({ nested: true });
  });

  it.each([
    ['extension.id as a string', { extension: { id: '664573005', uri: 'x' } }],
    ['startTime as a number', { startTime: 1686092840000 }],
    ['startTime not a date', { startTime: 'yesterday-ish' }],
    ['duration as a string', { duration: '55' }],
    ['direction outside the enum', { direction: 'Sideways' }],
    ['recording without contentUri', { recording: { id: '1', uri: 'u', type: 'Automatic' } }],
    ['id missing', { id: undefined }],
    ['legs not an array', { legs: {} }],
  ])('rejects %s', (_label, change) => {
    expect(callLogRecordSchema.safeParse({ ...clone(base), ...change }).success).toBe(false);
  });

  it('rejects a leg without legType', () => {
    const detailed = clone(example('call-log-list-detailed.json'));
    const record = (detailed.records as Record<string, unknown>[])[0] as { legs: Record<string, unknown>[] };
    delete record.legs[0]?.legType;
    expect(callLogRecordSchema.safeParse(record).success).toBe(false);
  });

  it('rejects insights with wrong types', () => {
    const insights = clone(example('ringsense-insights-pbx.json')) as { insights: { Transcript: { start: unknown }[] } };
    const first = insights.insights.Transcript[0];
    if (first) first.start = '2.2';
    expect(recordingInsightsSchema.safeParse(insights).success).toBe(false);
    expect(recordingInsightsSchema.safeParse({ ...example('ringsense-insights-pbx.json'), recordingDurationMs: 'long' }).success).toBe(false);
  });

  it('validates token info and recording info', () => {
    expect(tokenInfoSchema.safeParse({ access_token: 'a', token_type: 'bearer', expires_in: 3600, scope: 'ReadCallLog' }).success).toBe(true);
    expect(tokenInfoSchema.safeParse({ access_token: 'a', token_type: 'bearer', expires_in: '3600' }).success).toBe(false);
    expect(recordingInfoSchema.safeParse({ id: '1', contentUri: 'u', contentType: 'audio/mpeg', duration: 12 }).success).toBe(true);
    expect(recordingInfoSchema.safeParse({ id: 1, contentUri: 'u', contentType: 'audio/mpeg', duration: 12 }).success).toBe(false);
  });
});

describe('a page with bad records (no archive)', () => {
  it('keeps the good records and reports each bad one with its id when readable', () => {
    const page = clone(example('call-log-list-detailed.json'));
    const good = (page.records as Record<string, unknown>[])[0];
    page.records = [
      good,
      { ...clone(good), id: 'BAD1', startTime: 42 },
      { ...clone(good), id: 'GOOD2' },
      { startTime: 'nope' },
      'not even an object',
    ];
    const parsed = parseCallLogPage(page);
    expect(parsed.records.map((r) => r.id)).toEqual(['VgLcd1KWffJVzUA', 'GOOD2']);
    expect(parsed.invalid.map((i) => i.id)).toEqual(['BAD1', null, null]);
    expect(parsed.invalid[0]?.error).toContain('startTime');
  });

  it('fails the whole page when the envelope is wrong', () => {
    const page = clone(example('call-log-list-simple.json'));
    delete page.paging;
    expect(() => parseCallLogPage(page)).toThrow(InvalidResponseError);
    expect(() => parseCallLogPage({ ...example('call-log-list-simple.json'), records: {} })).toThrow(/records/);
    expect(callLogPageEnvelopeSchema.safeParse(example('call-log-list-simple.json')).success).toBe(true);
  });
});
