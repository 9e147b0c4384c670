import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { queryRows } from '../helpers/backends.js';
import { cli } from '../helpers/run-cli.js';
import { simulatorEnv } from '../helpers/simulator-env.js';
import { isolatedEnv } from '../helpers/temp-dir.js';
import { BACKENDS } from './backends.js';
import { type Answer, send } from './http.js';
import { type RunningServe, startServe } from './serve-process.js';

const DAY = 86_400_000;

/**
 * `GET /api/v1/recordings/{id}/stream` (docs/cli.md, "`recordings serve`") against `bin/recordings serve`
 * over an archive synced from the simulator: the archive's audio, else the cache's, else RingCentral's
 * (the simulator), with Range; 404 and 503 as `stream` exits 4 and 75; the playback audited, the
 * archive's recordings untouched.
 */
describe.each(BACKENDS)('the stream route on $name', (backend) => {
  let sim: Simulator;
  let dir: string;
  let archived: { db: string; server: RunningServe };
  let fetched: { db: string; server: RunningServe; cache: string };
  let ids: { id: string; startTime: string }[];

  async function synced(name: string, audio: boolean): Promise<string> {
    const where = join(dir, name);
    mkdirSync(where);
    const db = await backend.missing(where);
    const env = simulatorEnv(where, sim, { RECORDINGS_DB: db });
    const result = await cli(['sync', '--since', '2d', '--no-transcripts', ...(audio ? ['--audio'] : [])], env);
    if (result.exitCode !== 0) throw new Error(`sync failed: ${result.stderr}`);
    return db;
  }

  beforeAll(async () => {
    sim = await startSimulator({ calls: 40, days: 2, seed: 11, audioFormat: 'mixed' });
    dir = mkdtempSync(join(tmpdir(), 'rec-serve-stream-'));
    const withAudio = await synced('archived', true);
    const without = await synced('fetched', false);
    // Past a one-day retention, a 404 means RingCentral deleted the audio (docs/ringcentral.md, "Retention").
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ ringcentral: { recordingRetentionDays: 1 } }));
    const cache = join(dir, 'fetched', 'server-cache');
    archived = { db: withAudio, server: await startServe([], simulatorEnv(join(dir, 'archived'), sim, { RECORDINGS_DB: withAudio })) };
    fetched = {
      db: without,
      cache,
      server: await startServe([], simulatorEnv(join(dir, 'fetched'), sim, { RECORDINGS_DB: without, XDG_CACHE_HOME: cache, RECORDINGS_CONFIG: config })),
    };
    ids = await queryRows<{ id: string; startTime: string }>(without, 'SELECT id, start_time AS "startTime" FROM recordings ORDER BY key');
  });

  afterAll(async () => {
    await archived?.server.stop('SIGTERM');
    await fetched?.server.stop('SIGTERM');
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const contentRequests = (id: string) => sim.requests.filter((request) => request.path.endsWith(`/recording/${id}/content`)).length;
  const stream = (server: RunningServe, id: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> =>
    send(server.url, `/api/v1/recordings/${encodeURIComponent(id)}/stream`, { headers, method });
  const audits = async (db: string) =>
    (await queryRows<{ actor: string; recordingId: string; details: string }>(db, `SELECT actor, recording_id AS "recordingId", details FROM audit_log WHERE action = 'stream' ORDER BY id`)).map(
      (row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }),
    );
  const recordingRows = async (db: string) => JSON.stringify(await queryRows(db, 'SELECT * FROM recordings ORDER BY key'));

  test('archived audio is served from the archive, whole, with its type and length; RingCentral is not asked', async () => {
    const { id } = ids[0]!;
    const expected = sim.account.audioFor(id);
    const before = contentRequests(id);
    const answer = await stream(archived.server, id);
    expect(answer.status).toBe(200);
    expect(answer.body.equals(expected)).toBe(true);
    expect(answer.headers['content-type']).toBe(sim.account.recording(id)!.contentType === 'audio/mpeg' ? 'audio/mpeg' : 'audio/wav');
    expect(answer.headers['accept-ranges']).toBe('bytes');
    expect(answer.headers['content-length']).toBe(String(expected.length));
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(contentRequests(id)).toBe(before);
  });

  test('Range requests: 206 with Content-Range for a part, 416 past the end, the whole for what is not one range', async () => {
    const { id } = ids[1]!;
    const audio = sim.account.audioFor(id);
    const size = audio.length;
    const part = async (range: string, start: number, end: number) => {
      const answer = await stream(archived.server, id, { Range: range });
      expect(answer.status, range).toBe(206);
      expect(answer.headers['content-range']).toBe(`bytes ${start}-${end}/${size}`);
      expect(answer.headers['content-length']).toBe(String(end - start + 1));
      expect(answer.body.equals(audio.subarray(start, end + 1)), range).toBe(true);
    };
    await part('bytes=0-99', 0, 99);
    await part('bytes=100-', 100, size - 1);
    await part('bytes=-10', size - 10, size - 1);
    await part(`bytes=${size - 1}-${size + 500}`, size - 1, size - 1);
    const past = await stream(archived.server, id, { Range: `bytes=${size}-` });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${size}`);
    expect(past.json().error.code).toBe('bad_request');
    for (const range of ['bytes=0-10,20-30', 'items=0-10', 'bytes=50-10']) {
      const whole = await stream(archived.server, id, { Range: range });
      expect(whole.status, range).toBe(200);
      expect(whole.body.equals(audio)).toBe(true);
    }
    const ifRange = await stream(archived.server, id, { Range: 'bytes=0-9', 'If-Range': '"something"' });
    expect(ifRange.status).toBe(200);
  });

  test('a playback (from byte 0) is audited with the actor; the requests of a player seeking, and HEAD, are not', async () => {
    const { id } = ids[2]!;
    const before = (await audits(archived.db)).length;
    expect((await stream(archived.server, id, { Range: 'bytes=0-' })).status).toBe(206);
    expect((await stream(archived.server, id, { Range: 'bytes=1000-' })).status).toBe(206);
    const head = await stream(archived.server, id, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(sim.account.audioFor(id).length));
    const added = (await audits(archived.db)).slice(before);
    expect(added).toEqual([{ actor: 'local', recordingId: id, details: { source: 'archive', destination: 'browser', bytes: sim.account.audioFor(id).length, via: 'serve' } }]);
  });

  test('with --token-file: no audio without a token; a playback is audited with the token’s name', async () => {
    const tokens = join(dir, 'stream-tokens');
    writeFileSync(tokens, `desk:${'5'.repeat(32)}\n`, { mode: 0o600 });
    const guarded = await startServe(['--token-file', tokens], simulatorEnv(join(dir, 'archived'), sim, { RECORDINGS_DB: archived.db }), { untilTestEnds: true });
    const { id } = ids[3]!;
    const before = (await audits(archived.db)).length;
    const refused = await stream(guarded, id);
    expect(refused.status).toBe(401);
    expect(refused.body.length).toBeLessThan(400);
    const played = await stream(guarded, id, { Authorization: `Bearer ${'5'.repeat(32)}`, Range: 'bytes=0-' });
    expect(played.status).toBe(206);
    expect(played.body.equals(sim.account.audioFor(id))).toBe(true);
    expect((await audits(archived.db)).slice(before)).toEqual([expect.objectContaining({ actor: 'desk', recordingId: id })]);
    expect((await guarded.stop('SIGTERM')).code).toBe(0);
  });

  test('audio not archived is fetched from RingCentral by the server into its cache, once, however many ask at the same time', async () => {
    const { id } = ids[5]!;
    const expected = sim.account.audioFor(id);
    const before = contentRequests(id);
    const answers = await Promise.all([stream(fetched.server, id), stream(fetched.server, id, { Range: 'bytes=0-' }), stream(fetched.server, id)]);
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(300);
      expect(answer.body.equals(expected)).toBe(true);
    }
    const downloads = contentRequests(id) - before;
    expect(downloads).toBe(1);
    // Once cached, later requests (a player seeking) are served from the cache.
    const part = await stream(fetched.server, id, { Range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.body.equals(expected.subarray(10, 20))).toBe(true);
    expect(contentRequests(id) - before).toBe(1);
    expect((await audits(fetched.db)).filter((row) => row.recordingId === id).map((row) => row.details.source)).toContain('download');
  });

  test('audio RingCentral has not made available yet is 503 unavailable, as stream exits 75; the recording is left as it was', async () => {
    const recent = ids.filter((r) => Date.parse(r.startTime) > Date.now() - DAY / 2).at(-1)!;
    sim.account.delayContent(recent.id, Number.MAX_SAFE_INTEGER);
    const rows = await recordingRows(fetched.db);
    const answer = await stream(fetched.server, recent.id);
    expect(answer.status).toBe(503);
    expect(answer.json().error).toMatchObject({ code: 'unavailable', message: expect.stringContaining(`the audio of recording ${recent.id} is not available at RingCentral yet`) });
    expect(await recordingRows(fetched.db)).toBe(rows);
  });

  test('audio RingCentral no longer has is 404 not_found, as stream exits 4', async () => {
    const old = ids.find((r) => Date.parse(r.startTime) < Date.now() - DAY - 3_600_000)!;
    sim.account.purgeRecording(old.id);
    const answer = await stream(fetched.server, old.id);
    expect(answer.status).toBe(404);
    expect(answer.json().error).toMatchObject({ code: 'not_found', message: expect.stringContaining(`RingCentral no longer has the audio of recording ${old.id} (404)`) });
  });

  test('an unknown id is 404; the answers never carry a token', async () => {
    const answer = await stream(fetched.server, 'no-such-recording');
    expect(answer.status).toBe(404);
    expect(answer.json().error.message).toBe("no recording, call or session with id 'no-such-recording' in the archive");
    const all = [answer, await stream(fetched.server, ids[5]!.id)];
    for (const one of all) expect(JSON.stringify(one.headers) + one.body.toString('latin1')).not.toMatch(/access_token|Bearer /);
  });

  test('without RingCentral credentials, archived audio still plays, and audio to fetch is 503 naming what is missing', async () => {
    const noCredentials = (db: string) => isolatedEnv(mkdtempSync(join(dir, 'no-credentials-')), { RECORDINGS_DB: db, RC_SERVER_URL: sim.url });
    const archiveOnly = await startServe([], noCredentials(archived.db), { untilTestEnds: true });
    const nothingCached = await startServe([], noCredentials(fetched.db), { untilTestEnds: true });
    const { id } = ids[7]!;
    const played = await stream(archiveOnly, id);
    expect(played.status).toBe(200);
    expect(played.body.equals(sim.account.audioFor(id))).toBe(true);
    const refused = await stream(nothingCached, id);
    expect(refused.status).toBe(503);
    expect(refused.json().error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^missing credential ringcentral\.clientId/) });
    expect((await archiveOnly.stop('SIGTERM')).code).toBe(0);
    expect((await nothingCached.stop('SIGTERM')).code).toBe(0);
  });
});
