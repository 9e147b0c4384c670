import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { MP3_FRAME_BYTES } from '../../src/simulator/mp3.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const clock = Date.parse('2026-11-20T20:30:00Z');

async function tokenFor(s: Simulator): Promise<string> {
  const response = await fetch(`${s.url}/restapi/oauth/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${s.credentials.clientId}:${s.credentials.clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: s.credentials.jwt }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function content(s: Simulator, token: string, id: string, range?: string) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (range) headers.Range = range;
  const response = await fetch(`${s.url}/restapi/v1.0/account/~/recording/${id}/content`, { headers });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** Walks an MPEG audio stream frame by frame: every frame header must be a valid MPEG-1 Layer III one. */
function mp3Frames(bytes: Buffer): number {
  let frames = 0;
  for (let at = 0; at < bytes.length; at += MP3_FRAME_BYTES) {
    expect(bytes[at]).toBe(0xff);
    expect((bytes[at + 1]! & 0xfe) === 0xfa, `frame sync at ${at}`).toBe(true);
    frames += 1;
  }
  return frames;
}

describe('simulator: recording content as RingCentral really serves it', () => {
  it('serves audio/mpeg as a valid MP3 stream whose length follows the duration, with Range', async () => {
    sim = await startSimulator({ calls: 100, days: 1, now: () => clock, audioFormat: 'mp3' });
    const token = await tokenFor(sim);
    const id = [...sim.account.recordingIds()][0]!;
    const info = sim.account.recording(id)!;
    expect(info.contentType).toBe('audio/mpeg');
    const whole = await content(sim, token, id);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/mpeg');
    expect(whole.headers.get('content-disposition')).toContain(`${id}.mp3`);
    expect(whole.body.equals(sim.account.audioFor(id))).toBe(true);
    // 1152 samples at 32 kHz per frame: 36 ms.
    expect(Math.abs(mp3Frames(whole.body) * 36 - info.durationMs)).toBeLessThan(36);
    const tail = await content(sim, token, id, 'bytes=1000-');
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes 1000-${whole.body.length - 1}/${whole.body.length}`);
    expect(tail.body.equals(whole.body.subarray(1000))).toBe(true);

    const metadata = await fetch(`${sim.url}/restapi/v1.0/account/~/recording/${id}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(((await metadata.json()) as { contentType: string }).contentType).toBe('audio/mpeg');
  });

  it("'mixed' serves about half of the recordings as MP3, the same ones for the same seed", async () => {
    sim = await startSimulator({ calls: 300, days: 2, now: () => clock, audioFormat: 'mixed', seed: 4 });
    const ids = [...sim.account.recordingIds()];
    const mp3 = ids.filter((id) => sim!.account.recording(id)!.contentType === 'audio/mpeg');
    expect(mp3.length / ids.length).toBeGreaterThan(0.3);
    expect(mp3.length / ids.length).toBeLessThan(0.7);
    const again = await startSimulator({ calls: 300, days: 2, now: () => clock, audioFormat: 'mixed', seed: 4 });
    try {
      expect(ids.filter((id) => again.account.recording(id)!.contentType === 'audio/mpeg')).toEqual(mp3);
    } finally {
      await again.stop();
    }
  });

  it('a seeded share of recordings answers 404 CMN-102 until a while after the call; delayContent does it for one', async () => {
    let now = clock;
    sim = await startSimulator({ calls: 400, days: 2, now: () => now, contentDelay: { share: 0.25, seconds: 600 } });
    const token = await tokenFor(sim);
    const ids = [...sim.account.recordingIds()];
    const delayed = ids.filter((id) => sim!.account.recording(id)!.contentAvailableAt > -Infinity);
    expect(delayed.length / ids.length).toBeGreaterThan(0.1);
    expect(delayed.length / ids.length).toBeLessThan(0.4);
    const info = sim.account.recording(delayed[0]!)!;
    expect(info.contentAvailableAt).toBe(info.startMs + info.durationMs + 600_000);
    now = info.contentAvailableAt - 1;
    const early = await content(sim, token, info.id);
    expect(early.status).toBe(404);
    expect(JSON.parse(early.body.toString()).errors[0].errorCode).toBe('CMN-102');
    now = info.contentAvailableAt;
    expect((await content(sim, token, info.id)).status).toBe(200);

    const other = ids.find((id) => !delayed.includes(id))!;
    sim.delayContent(other, now + 60_000);
    expect((await content(sim, token, other)).status).toBe(404);
    now += 60_000;
    expect((await content(sim, token, other)).status).toBe(200);
  });

  it("answers 403 CMN-408 in RingCentral's error shape for the recordings of an extension the user may not read, and only those", async () => {
    sim = await startSimulator({ calls: 200, days: 1, now: () => clock });
    const token = await tokenFor(sim);
    const ids = [...sim.account.recordingIds()];
    const extension = sim.account.recording(ids[0]!)!.extensionId;
    const theirs = ids.filter((id) => sim!.account.recording(id)!.extensionId === extension);
    const others = ids.filter((id) => !theirs.includes(id));
    expect(others.length).toBeGreaterThan(0);
    sim.setContentForbidden(extension, true);
    const refused = await content(sim, token, theirs[0]!);
    expect(refused.status).toBe(403);
    const body = JSON.parse(refused.body.toString());
    expect(body).toEqual({
      errorCode: 'CMN-408',
      message: expect.stringContaining('[ReadCompanyCallRecording]'),
      errors: [{ errorCode: 'CMN-408', message: body.message, permissionName: 'ReadCompanyCallRecording' }],
      permissionName: 'ReadCompanyCallRecording',
    });
    expect((await content(sim, token, others[0]!)).status).toBe(200);
    sim.setContentForbidden(extension, false);
    expect((await content(sim, token, theirs[0]!)).status).toBe(200);
  });
});
