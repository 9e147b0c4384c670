import { SDK } from '@ringcentral/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

function sdkFor(s: Simulator, cachePrefix: string) {
  return new SDK({ server: s.url, clientId: s.credentials.clientId, clientSecret: s.credentials.clientSecret, cachePrefix });
}

function wavDurationMs(bytes: Buffer): number {
  expect(bytes.toString('ascii', 0, 4)).toBe('RIFF');
  expect(bytes.toString('ascii', 8, 12)).toBe('WAVE');
  expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
  const byteRate = bytes.readUInt32LE(28);
  const dataBytes = bytes.readUInt32LE(40);
  expect(dataBytes).toBe(bytes.length - 44);
  return (dataBytes / byteRate) * 1000;
}

describe('the real @ringcentral/sdk against the simulator', () => {
  it('logs in with the JWT, pages the call log, refreshes an expired token, downloads audio and reads insights', async () => {
    let clock = Date.parse('2026-11-20T18:00:00Z');
    sim = await startSimulator({ calls: 600, days: 2, now: () => clock, insightsDelaySeconds: 1800 });
    const platform = sdkFor(sim, 'sdk-a-').platform();
    await platform.login({ jwt: sim.credentials.jwt });
    expect(sim.stats().logins).toBe(1);

    // Page the whole window with recordings through navigation.nextPage.
    const dateFrom = new Date(clock - 2 * 86_400_000).toISOString();
    const dateTo = new Date(clock).toISOString();
    let response = await platform.get('/restapi/v1.0/account/~/call-log', { dateFrom, dateTo, view: 'Detailed', recordingType: 'All', perPage: 50 });
    const seen: string[] = [];
    let pages = 0;
    for (;;) {
      const body = (await response.json()) as { records: Array<{ id: string; startTime: string; recording?: { id: string; contentUri: string } }>; navigation: { nextPage?: { uri: string } } };
      pages++;
      for (const record of body.records) {
        expect(record.recording).toBeDefined();
        seen.push(record.id);
      }
      if (!body.navigation.nextPage) break;
      response = await platform.get(body.navigation.nextPage.uri);
    }
    const expected = [...sim.account.recordsBetween(Date.parse(dateFrom), Date.parse(dateTo), { filter: { recordingType: 'All' } })].map((r) => r.id);
    expect(expected.length).toBeGreaterThan(100);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 50));

    // An expired access token: the SDK gets 401, refreshes once and retries.
    sim.expireAccessTokens();
    const again = await platform.get('/restapi/v1.0/account/~/call-log', { dateFrom, dateTo, perPage: 1 });
    expect(again.status).toBe(200);
    expect(sim.stats().refreshes).toBe(1);
    expect(sim.requests.some((r) => r.status === 401)).toBe(true);

    // Audio: the WAV lasts as long as the recording.
    const window = [...sim.account.recordsBetween(Date.parse(dateFrom), Date.parse(dateTo), { filter: { recordingType: 'All' } })];
    const withRecording = window.find((r) => r.legs?.length === 1 && r.durationMs > 20_000 && sim!.account.insightsAvailableAt(r.recording!.id) !== null);
    expect(withRecording?.recording).toBeDefined();
    const content = await platform.get(withRecording!.recording!.contentUri);
    expect(content.headers.get('content-type')).toBe('audio/wav');
    const audio = Buffer.from(await content.arrayBuffer());
    expect(Math.abs(wavDurationMs(audio) - withRecording!.durationMs)).toBeLessThan(1);

    // Insights: 404 RAH-3001 until 30 min after the call ended, then the transcript.
    const insightsPath = (id: string) => `/ai/ringsense/v1/public/accounts/~/domains/pbx/records/${id}/insights`;
    const recent = window.find((r) => (sim!.account.insightsAvailableAt(r.recording!.id) ?? -Infinity) > clock);
    expect(recent).toBeDefined();
    const early = await platform.get(insightsPath(recent!.recording!.id)).catch((e: { response: Response }) => e.response);
    expect(early.status).toBe(404);
    expect(((await early.json()) as { errors: Array<{ errorCode: string }> }).errors[0]?.errorCode).toBe('RAH-3001');
    clock += 3_600_000;
    for (const record of [withRecording!, recent!]) {
      const insights = (await (await platform.get(insightsPath(record.recording!.id), { insightTypes: 'Transcript,Summary' })).json()) as {
        sourceRecordId: string;
        insights: Record<string, Array<{ text?: string; end?: number }>>;
      };
      expect(insights.sourceRecordId).toBe(record.recording!.id);
      expect(Object.keys(insights.insights).sort()).toEqual(['Summary', 'Transcript']);
      expect(insights.insights.Transcript!.length).toBeGreaterThanOrEqual(6);
      expect(insights.insights.Transcript!.at(-1)!.end!).toBeLessThanOrEqual(record.recording!.id === withRecording!.recording!.id ? record.durationMs / 1000 : Infinity);
    }
    await platform.logout();
    expect(sim.stats().revokes).toBe(1);
    expect(sim.stats().liveSessions).toBe(0);
  });
});
