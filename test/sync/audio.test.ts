import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { SIMULATOR_ACCOUNT_ID, type Simulator } from '../../src/simulator/index.js';
import { queryAll } from './helpers/snapshot.js';
import { BACKENDS } from '../helpers/backends.js';
import { BUSY_ANCHOR, DAY, HOUR, MINUTE, TestClock, databasePath, startTestSimulator, syncEnv, writeConfig, useBackend, audioDirOf } from './helpers/simulator.js';

const tempDir = useTempDirs();
const contentRequests = (sim: Simulator, id?: string) =>
  sim.requests.filter((r) => /\/recording\/[^/]+\/content$/.test(r.path) && (id === undefined || r.path.endsWith(`/recording/${id}/content`)));
const contentPath = (id: string) => `/restapi/v1.0/account/${SIMULATOR_ACCOUNT_ID}/recording/${id}/content`;
const NOTHING = { downloaded: 0, missing: 0, refused: 0, notYetAvailable: 0, failed: 0 };

interface AudioRow {
  id: string;
  start_time: string;
  content_type: string | null;
  audio_status: string | null;
  audio_path: string | null;
  audio_sha256: string | null;
  audio_bytes: number | null;
  audio_attempts: number;
  audio_next_attempt_at: string | null;
  audio_not_found_since: string | null;
  audio_error: string | null;
}

async function audioRows(dir: string): Promise<Map<string, AudioRow>> {
  const rows = (await queryAll<AudioRow>(databasePath(dir), 'SELECT * FROM recordings ORDER BY id'));
  return new Map(rows.map((row) => [row.id, row]));
}

/** Every recording of the window is stored, and every archived file is byte for byte what RingCentral serves. */
async function expectArchivedAsServed(sim: Simulator, dir: string, ids: string[], archived: string[]): Promise<void> {
  const rows = (await audioRows(dir));
  expect([...rows.keys()].sort()).toEqual([...ids].sort());
  for (const id of archived) {
    const row = rows.get(id)!;
    expect(row.audio_status, id).toBe('archived');
    const bytes = readFileSync(row.audio_path!);
    expect(bytes.equals(sim.account.audioFor(id)), id).toBe(true);
    expect(row.audio_sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(row.audio_bytes).toBe(bytes.length);
  }
}

async function sync(env: Record<string, string | undefined>, clock: TestClock, ...extra: string[]) {
  const result = await cli(['sync', '--audio', '--json', ...extra], env, { now: clock.date });
  expect(result.exitCode, result.stderr).toBe(0);
  return { summary: JSON.parse(result.stdout) as { audio: typeof NOTHING }, stderr: result.stderr };
}

describe.each(BACKENDS)('sync --audio (%s)', (backend) => {
  useBackend(backend);

  it('archives each recording as <audio dir>/<yyyy>/<mm>/<id>.<mp3|wav> by the Content-Type served (0600, sha256 stored), once', async () => {
    const sim = await startTestSimulator({ seed: 61, calls: 200, now: () => BUSY_ANCHOR, audioFormat: 'mixed' });
    const ids = [...sim.account.recordingIds(BUSY_ANCHOR - 3 * HOUR, BUSY_ANCHOR - 60_000)];
    const types = new Set(ids.map((id) => sim.account.recording(id)!.contentType));
    expect(types).toEqual(new Set(['audio/wav', 'audio/mpeg']));
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    const audioDir = audioDirOf(dir);
    const clock = new TestClock(BUSY_ANCHOR);

    const { summary } = await sync(env, clock, '--since', '3h');
    expect(summary.audio).toEqual({ ...NOTHING, downloaded: ids.length });
    await expectArchivedAsServed(sim, dir, ids, ids);
    for (const row of (await audioRows(dir)).values()) {
      const served = sim.account.recording(row.id)!.contentType;
      const start = new Date(row.start_time);
      const extension = served === 'audio/mpeg' ? 'mp3' : 'wav';
      expect(row.audio_path).toBe(join(audioDir, String(start.getUTCFullYear()), String(start.getUTCMonth() + 1).padStart(2, '0'), `${row.id}.${extension}`));
      expect(row.content_type).toBe(served);
      expect(statSync(row.audio_path!).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(row.audio_path!)).mode & 0o777).toBe(0o700);
      if (served === 'audio/mpeg') expect(readFileSync(row.audio_path!).subarray(0, 2).equals(Buffer.from([0xff, 0xfb]))).toBe(true);
      else expect(readFileSync(row.audio_path!).subarray(0, 4).toString('ascii')).toBe('RIFF');
    }
    expect(statSync(audioDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(audioDir, { recursive: true }).map(String).filter((file) => file.endsWith('.part'))).toEqual([]);
    expect(contentRequests(sim)).toHaveLength(ids.length);

    const again = await sync(env, clock, '--since', '3h');
    expect(again.summary.audio).toEqual(NOTHING);
    expect(contentRequests(sim)).toHaveLength(ids.length);
  });

  it('a 404 soon after the call is not available yet: asked again with back-off and archived once it arrives; one that stays 404 for a day becomes missing', async () => {
    const clock = new TestClock(BUSY_ANCHOR);
    const sim = await startTestSimulator({ seed: 63, calls: 200, now: clock.now });
    const ids = [...sim.account.recordingIds(BUSY_ANCHOR - 3 * HOUR, BUSY_ANCHOR - 60_000)];
    const [late, never] = [ids[0]!, ids[1]!];
    sim.delayContent(late, BUSY_ANCHOR + 30 * MINUTE);
    sim.purgeRecording(never);
    const dir = tempDir();
    const env = syncEnv(dir, sim);

    const first = await sync(env, clock, '--since', '3h');
    expect(first.summary.audio).toEqual({ ...NOTHING, downloaded: ids.length - 2, notYetAvailable: 2 });
    expect(first.stderr).toContain(`the audio of recording ${late} is not available at RingCentral yet (404); trying again after ${new Date(BUSY_ANCHOR + 5 * MINUTE).toISOString()}`);
    expect((await audioRows(dir)).get(late)).toMatchObject({
      audio_status: 'not_yet_available',
      audio_attempts: 1,
      audio_not_found_since: new Date(BUSY_ANCHOR).toISOString(),
      audio_next_attempt_at: new Date(BUSY_ANCHOR + 5 * MINUTE).toISOString(),
      audio_path: null,
    });
    expect((await audioRows(dir)).get(late)!.audio_error).toContain('CMN-102');

    // Not due yet: no request for either.
    clock.advance(2 * MINUTE);
    expect((await sync(env, clock)).summary.audio).toEqual(NOTHING);
    expect(contentRequests(sim, late)).toHaveLength(1);

    clock.advance(40 * MINUTE);
    expect((await sync(env, clock)).summary.audio).toEqual({ ...NOTHING, downloaded: 1, notYetAvailable: 1 });
    expect(contentRequests(sim, late)).toHaveLength(2);
    expect((await audioRows(dir)).get(late)).toMatchObject({ audio_status: 'archived', audio_attempts: 0, audio_not_found_since: null, audio_next_attempt_at: null });
    expect((await audioRows(dir)).get(never)).toMatchObject({ audio_status: 'not_yet_available', audio_attempts: 2 });

    // Syncs through the day: the back-off grows (5 min, 15 min, 1 h, 4 h, 12 h), the last try falls when the day ends.
    for (let hour = 1; hour <= 24; hour++) {
      clock.advance(HOUR);
      await sync(env, clock);
    }
    const row = (await audioRows(dir)).get(never)!;
    expect(row.audio_status).toBe('missing');
    expect(row.audio_next_attempt_at).toBeNull();
    const asked = contentRequests(sim, never).length;
    expect(asked).toBeGreaterThanOrEqual(4);
    expect(asked).toBeLessThanOrEqual(7);
    clock.advance(3 * DAY);
    expect((await sync(env, clock)).summary.audio).toEqual(NOTHING);
    expect(contentRequests(sim, never)).toHaveLength(asked);
    await expectArchivedAsServed(sim, dir, ids, ids.filter((id) => id !== never));
  });

  it('a 404 for a call older than the account\'s recording retention (config ringcentral.recordingRetentionDays) is missing at once', async () => {
    const clock = new TestClock(BUSY_ANCHOR);
    const sim = await startTestSimulator({ seed: 64, calls: 300, days: 3, now: clock.now });
    const old = [...sim.account.recordingIds(BUSY_ANCHOR - 40 * HOUR, BUSY_ANCHOR - 30 * HOUR)];
    const recent = [...sim.account.recordingIds(BUSY_ANCHOR - 3 * HOUR, BUSY_ANCHOR - 60_000)];
    sim.purgeRecording(old[0]!);
    sim.purgeRecording(recent[0]!);
    const dir = tempDir();
    writeConfig(dir, { ringcentral: { recordingRetentionDays: 1 } });
    const env = syncEnv(dir, sim);
    const { summary, stderr } = await sync(env, clock, '--since', '2d');
    expect(summary.audio).toMatchObject({ missing: 1, notYetAvailable: 1 });
    expect(stderr).toContain(`RingCentral no longer has the audio of recording ${old[0]}`);
    expect((await audioRows(dir)).get(old[0]!)!.audio_status).toBe('missing');
    expect((await audioRows(dir)).get(recent[0]!)!.audio_status).toBe('not_yet_available');
    expect(contentRequests(sim, old[0])).toHaveLength(1);
  });

  it('a 403 CMN-408 concerns that extension\'s recordings only: the rest are archived, the refused ones reported and archived by a later sync once allowed', async () => {
    const clock = new TestClock(BUSY_ANCHOR);
    const sim = await startTestSimulator({ seed: 65, calls: 200, now: clock.now });
    const ids = [...sim.account.recordingIds(BUSY_ANCHOR - 3 * HOUR, BUSY_ANCHOR - 60_000)];
    // The oldest recording's extension: downloads go oldest first, and must not stop there.
    const oldest = ids.at(-1)!;
    const extension = sim.account.recording(oldest)!.extensionId;
    const refused = ids.filter((id) => sim.account.recording(id)!.extensionId === extension);
    expect(refused.length).toBeLessThan(ids.length);
    sim.setContentForbidden(extension, true);
    const dir = tempDir();
    const env = syncEnv(dir, sim);

    const first = await sync(env, clock, '--since', '3h');
    expect(first.summary.audio).toEqual({ ...NOTHING, downloaded: ids.length - refused.length, refused: refused.length });
    expect(first.stderr).toContain(`RingCentral refused the audio of recording ${oldest}`);
    expect(first.stderr).toContain('CMN-408');
    for (const id of refused) {
      expect((await audioRows(dir)).get(id)).toMatchObject({ audio_status: 'refused', audio_next_attempt_at: new Date(BUSY_ANCHOR + HOUR).toISOString() });
      expect(contentRequests(sim, id)).toHaveLength(1);
    }
    const status = await cli(['status', '--json'], env, { now: clock.date });
    const audio = JSON.parse(status.stdout).audio as { byStatus: { status: string; count: number }[]; refused: { id: string; extensionId: string; error: string }[] };
    expect(audio.byStatus.find((row) => row.status === 'refused')?.count).toBe(refused.length);
    expect(audio.refused.map((row) => row.id).sort()).toEqual([...refused].sort());
    expect(audio.refused.every((row) => row.extensionId === extension && row.error.includes('CMN-408'))).toBe(true);
    const statusText = await cli(['status'], env, { now: clock.date });
    expect(statusText.stdout).toContain(`Refused audio   ${refused.length} recording`);
    expect(statusText.stdout).toContain(`  ${oldest}  `);

    // Still refused, and not due: no request.
    clock.advance(10 * MINUTE);
    expect((await sync(env, clock)).summary.audio).toEqual(NOTHING);
    for (const id of refused) expect(contentRequests(sim, id)).toHaveLength(1);

    // An administrator grants the permission; the back-off ends (or --retry), and they are archived.
    sim.setContentForbidden(extension, false);
    clock.advance(HOUR);
    expect((await sync(env, clock)).summary.audio).toEqual({ ...NOTHING, downloaded: refused.length });
    await expectArchivedAsServed(sim, dir, ids, ids);
    expect(JSON.parse((await cli(['status', '--json'], env, { now: clock.date })).stdout).audio.refused).toEqual([]);
  });

  it('the summary line names refused audio, and sync --retry asks for it at once', async () => {
    const clock = new TestClock(BUSY_ANCHOR);
    const sim = await startTestSimulator({ seed: 66, calls: 200, now: clock.now });
    const ids = [...sim.account.recordingIds(BUSY_ANCHOR - 3 * HOUR, BUSY_ANCHOR - 60_000)];
    const extension = sim.account.recording(ids[0]!)!.extensionId;
    const refused = ids.filter((id) => sim.account.recording(id)!.extensionId === extension).length;
    sim.setContentForbidden(extension, true);
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    const text = await cli(['sync', '--audio', '--since', '3h'], env, { now: clock.date });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Audio         ${ids.length - refused} archived, ${refused} refused by RingCentral (403, tried again later; see recordings status)\n`);
    sim.setContentForbidden(extension, false);
    clock.advance(MINUTE);
    const before = contentRequests(sim).length;
    const retried = (await sync(env, clock, '--retry')).summary.audio;
    // A call that ended in that minute is archived too.
    const newlyListed = [...(await audioRows(dir)).keys()].filter((id) => !ids.includes(id)).length;
    expect(retried).toEqual({ ...NOTHING, downloaded: refused + newlyListed });
    expect(contentRequests(sim).length - before).toBe(refused + newlyListed);
    for (const row of (await audioRows(dir)).values()) expect(row.audio_status, row.id).toBe('archived');
  });

  it('a connection lost mid-body is resumed with Range; one that keeps breaking is left, part file and all, for a later sync, the rest archived', async () => {
    const clock = new TestClock(BUSY_ANCHOR);
    const sim = await startTestSimulator({ seed: 62, calls: 200, now: clock.now });
    const ids = [...sim.account.recordingIds(BUSY_ANCHOR - 3 * HOUR, BUSY_ANCHOR - 60_000)];
    const [flaky, broken] = [ids[0]!, ids[2]!];
    sim.faults.dropNext(2, { pathPrefix: contentPath(flaky), at: 'mid-body' });
    sim.faults.dropNext(1, { pathPrefix: contentPath(broken), at: 'mid-body' });
    sim.faults.dropNext(4, { pathPrefix: contentPath(broken), at: 'after-headers' });
    const dir = tempDir();
    const env = syncEnv(dir, sim);

    const first = await sync(env, clock, '--since', '3h');
    expect(first.summary.audio).toEqual({ ...NOTHING, downloaded: ids.length - 1, failed: 1 });
    expect(first.stderr).toContain(`could not download the audio of recording ${broken} (the download kept breaking off`);
    // The whole file, cut; the rest with Range (206), cut; the rest (206).
    expect(contentRequests(sim, flaky).map((request) => request.status)).toEqual([200, 206, 206]);
    expect((await audioRows(dir)).get(broken)).toMatchObject({ audio_status: 'pending', audio_attempts: 1, audio_path: null });
    const part = readdirSync(audioDirOf(dir), { recursive: true }).map(String).filter((file) => file.includes(broken));
    expect(part).toEqual([expect.stringMatching(new RegExp(`${broken}\\.part$`))]);

    clock.advance(6 * MINUTE);
    const before = contentRequests(sim, broken).length;
    expect((await sync(env, clock)).summary.audio).toEqual({ ...NOTHING, downloaded: 1 });
    // Resumed from the part file: one 206, not the whole file again.
    expect(contentRequests(sim, broken).slice(before).map((request) => request.status)).toEqual([206]);
    await expectArchivedAsServed(sim, dir, ids, ids);
  });

  it('a resumed download answered 416 CMN-107 starts over from byte 0, in sync as in stream', async () => {
    const clock = new TestClock(BUSY_ANCHOR);
    const sim = await startTestSimulator({ seed: 67, calls: 200, now: clock.now });
    const ids = [...sim.account.recordingIds(BUSY_ANCHOR - 3 * HOUR, BUSY_ANCHOR - 60_000)];
    const id = ids[0]!;
    sim.faults.dropNext(1, { pathPrefix: contentPath(id), at: 'mid-body' });
    sim.faults.rangeNotSatisfiableNext(1, { pathPrefix: contentPath(id) });
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    expect((await sync(env, clock, '--since', '3h')).summary.audio).toEqual({ ...NOTHING, downloaded: ids.length });
    expect(contentRequests(sim, id).map((request) => request.status)).toEqual([200, 416, 200]);
    await expectArchivedAsServed(sim, dir, ids, ids);
  });
});
