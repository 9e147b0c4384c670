import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/cli/stream/download-progress.js';
import { BACKENDS } from '../helpers/backends.js';
import { cli } from '../helpers/run-cli.js';
import { type Env, type StreamFixture, auditRows, contentRequests, fakePlayer, secretsOf, sha256, spawnForBytes, syncedFixture } from './fixture.js';

let fx: StreamFixture;


/** The shared database and credentials, with a cache folder of its own (each test starts uncached). */
function freshEnv(extra: Env = {}): Env {
  const dir = mkdtempSync(join(fx.dir, 'case-'));
  return { ...fx.env, XDG_CACHE_HOME: join(dir, 'cache'), ...extra };
}

function recording(index: number): string {
  const found = fx.recordings[index];
  if (!found) throw new Error(`no recording ${index}`);
  return found.id;
}

describe.each(BACKENDS)('recordings stream: fetched from RingCentral (%s)', (backend) => {
  beforeAll(async () => {
    fx = await syncedFixture({ backend });
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it('--output - writes exactly the audio bytes to stdout and nothing else (spawned CLI)', async () => {
    const id = recording(0);
    const env = freshEnv();
    const result = await spawnForBytes(['stream', id, '--output', '-'], env);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(sha256(result.stdout)).toBe(sha256(fx.sim.account.audioFor(id)));
    expect((await auditRows(fx.env)).filter((row) => row.recording_id === id).at(-1)?.details).toEqual({
      source: 'download',
      destination: 'stdout',
      bytes: result.stdout.length,
    });
  });

  it('--output <file> saves a 0600 file in a 0700 cache, and the second stream reuses the cache without a request', async () => {
    const id = recording(1);
    const env = freshEnv();
    const out = join(mkdtempSync(join(fx.dir, 'out-')), 'call.wav');
    const before = fx.sim.requests.length;
    const first = await cli(['stream', id, '--output', out], env);
    // Where it went, how big, and where it came from: one line on stderr.
    expect(first.stderr).toMatch(new RegExp(`^saved recording ${id} to ${out} \\([\\d.]+ [KM]?B, downloaded from RingCentral\\)\n$`));
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toBe('');
    expect(sha256(readFileSync(out))).toBe(sha256(fx.sim.account.audioFor(id)));
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const cacheDir = join(env.XDG_CACHE_HOME!, 'recordings');
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(cacheDir, 'audio')).mode & 0o777).toBe(0o700);
    const cached = join(cacheDir, 'audio', `${id}.wav`);
    expect(statSync(cached).mode & 0o777).toBe(0o600);
    expect(contentRequests(fx.sim, id, before)).toHaveLength(1);

    const afterFirst = fx.sim.requests.length;
    const second = await cli(['stream', id, '--output', `${out}.again`], env);
    expect(second.exitCode).toBe(0);
    // From the cache it says so too, and names the cached file.
    expect(second.stderr).toBe(`saved recording ${id} to ${out}.again (${formatBytes(statSync(cached).size)}, from the cache, ${cached})\n`);
    expect(fx.sim.requests.length).toBe(afterFirst);
    expect(sha256(readFileSync(`${out}.again`))).toBe(sha256(fx.sim.account.audioFor(id)));
    const sources = (await auditRows(fx.env))
      .filter((row) => row.recording_id === id)
      .map((row) => [row.details.source, row.details.destination]);
    expect(sources).toEqual([
      ['download', 'file'],
      ['cache', 'file'],
    ]);
    // -q: nothing on stderr.
    expect((await cli(['-q', 'stream', id, '--output', `${out}.quiet`], env)).stderr).toBe('');
  });

  it('a damaged cached file is not used: it is fetched again', async () => {
    const id = recording(2);
    const env = freshEnv();
    const out = join(mkdtempSync(join(fx.dir, 'out-')), 'call.wav');
    expect((await cli(['stream', id, '-o', out], env)).exitCode).toBe(0);
    const cached = join(env.XDG_CACHE_HOME!, 'recordings', 'audio', `${id}.wav`);
    const bytes = readFileSync(cached);
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(cached, bytes);
    const before = fx.sim.requests.length;
    expect((await cli(['stream', id, '-o', out], env)).exitCode).toBe(0);
    expect(contentRequests(fx.sim, id, before)).toHaveLength(1);
    expect(sha256(readFileSync(out))).toBe(sha256(fx.sim.account.audioFor(id)));
  });

  it('accepts a call-log record id or telephony session id, like get', async () => {
    const target = fx.recordings[3]!;
    const env = freshEnv();
    const out = join(mkdtempSync(join(fx.dir, 'out-')), 'call.wav');
    expect((await cli(['stream', target.callId, '-o', out], env)).exitCode).toBe(0);
    expect(sha256(readFileSync(out))).toBe(sha256(fx.sim.account.audioFor(target.id)));
  });

  it('plays with the --player command: a file path as last argument, no RC_* variable and no secret in argv or environment', async () => {
    const id = recording(4);
    const playerDir = mkdtempSync(join(fx.dir, 'player-'));
    const player = fakePlayer(playerDir);
    const env = freshEnv({ MY_API_TOKEN: 'not-for-players-0123456789', GITHUB_TOKEN: 'ghp_notforplayers0123456789' });
    const result = await cli(['stream', id, '--player', player.command], env);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const record = player.record();
    expect(record.argv.slice(0, 2)).toEqual(['--volume', '50']);
    expect(record.argv).toHaveLength(3);
    const played = record.argv[2]!;
    expect(existsSync(played)).toBe(true);
    expect(record.sha256).toBe(sha256(fx.sim.account.audioFor(id)));
    expect(Object.keys(record.env).filter((name) => /^RC_/i.test(name))).toEqual([]);
    expect(record.env.MY_API_TOKEN).toBeUndefined();
    expect(record.env.GITHUB_TOKEN).toBeUndefined();
    expect(record.env.PATH).toBe(env.PATH);
    const everything = JSON.stringify(record);
    for (const secret of secretsOf(fx)) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./);
    expect((await auditRows(fx.env)).filter((row) => row.recording_id === id).at(-1)?.details).toMatchObject({ source: 'download', destination: 'player' });
  });

  it('the player also comes from RECORDINGS_PLAYER, and its failure is the exit code', async () => {
    const id = recording(5);
    const player = fakePlayer(mkdtempSync(join(fx.dir, 'player-')), 7);
    const result = await cli(['stream', id], freshEnv({ RECORDINGS_PLAYER: player.command }));
    expect(result.exitCode).toBe(7);
    expect(result.stderr).toMatch(/^recordings: the player .* exited with code 7\n$/);
    expect(player.record().sha256).toBe(sha256(fx.sim.account.audioFor(id)));
  });

  it('without any player on PATH: a message naming --player and --output, exit 2, no request', async () => {
    const before = fx.sim.requests.length;
    const result = await cli(['stream', recording(6)], freshEnv({ PATH: mkdtempSync(join(fx.dir, 'empty-path-')) }));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('no audio player found');
    expect(result.stderr).toContain('--player');
    expect(result.stderr).toContain('--output');
    expect(fx.sim.requests.length).toBe(before);
  });

  it('--url prints a signed URL on stdout that plays, and warns on stderr', async () => {
    const id = recording(7);
    const result = await cli(['stream', id, '--url'], freshEnv());
    expect(result.exitCode).toBe(0);
    const url = result.stdout.trim();
    expect(result.stdout).toBe(`${url}\n`);
    expect(url.startsWith(`${fx.sim.url}/restapi/v1.0/account/`)).toBe(true);
    expect(url).toMatch(/[?&]access_token=[^&]+/);
    expect(result.stderr).toMatch(/warning: .*access token.*at most one hour/);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(sha256(fx.sim.account.audioFor(id)));
    expect((await auditRows(fx.env)).filter((row) => row.recording_id === id).at(-1)?.details).toMatchObject({ destination: 'url' });
  });

  it('a recording past the 90-day retention whose audio RingCentral purged exits 4 with the retention message', async () => {
    const id = recording(8);
    fx.sim.purgeRecording(id);
    const env = freshEnv();
    const in91Days = () => new Date(Date.now() + 91 * 86_400_000);
    const result = await cli(['stream', id, '-o', join(mkdtempSync(join(fx.dir, 'out-')), 'gone.wav')], env, { now: in91Days });
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toContain('RingCentral no longer has');
    expect(result.stderr).toContain('90 days');
    expect(result.stderr).toContain('recordings sync --audio');
    expect(result.stderr.trim().split('\n')).toHaveLength(2);
  });

  it('an unknown id exits 4 without asking RingCentral', async () => {
    const before = fx.sim.requests.length;
    const result = await cli(['stream', '99999999999', '-o', '-'], freshEnv());
    expect(result.exitCode).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^recordings: no recording, call or session with id '99999999999'/);
    expect(fx.sim.requests.length).toBe(before);
  });

  it('refused credentials exit 3, and no secret shows in the message', async () => {
    const env = freshEnv({ RC_APP_CLIENT_SECRET: 'WrongSecret0123456789', XDG_STATE_HOME: mkdtempSync(join(fx.dir, 'state-')) });
    const result = await cli(['stream', recording(9), '-o', '-'], env);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain('WrongSecret0123456789');
    expect(result.stderr).not.toContain(fx.sim.credentials.jwt);
  });

  it('bad combinations of options exit 2', async () => {
    for (const args of [
      ['--url', '-o', 'x.wav'],
      ['-o', 'x.wav', '--player', 'mpv'],
    ]) {
      const result = await cli(['stream', recording(0), ...args], freshEnv());
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/^recordings: /);
    }
  });
});
