import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends.js';
import { cli } from '../helpers/run-cli.js';
import { type StreamFixture, contentRequests, sha256, spawnForBytes, syncedFixture } from './fixture.js';

let fx: StreamFixture;


function contentPath(id: string): string {
  return `/restapi/v1.0/account/${fx.sim.account.accountId}/recording/${id}/content`;
}

function freshCache() {
  const cache = mkdtempSync(join(fx.dir, 'cache-'));
  return { env: { ...fx.env, XDG_CACHE_HOME: cache }, audioDir: join(cache, 'recordings', 'audio') };
}

describe.each(BACKENDS)('recordings stream: interrupted downloads (%s)', (backend) => {
  beforeAll(async () => {
    fx = await syncedFixture({ seed: 23, backend });
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it('a connection dropped mid-body is resumed with Range (206) and the bytes are right', async () => {
    const id = fx.recordings[0]!.id;
    const { env } = freshCache();
    fx.sim.faults.dropNext(2, { pathPrefix: contentPath(id), at: 'mid-body' });
    const before = fx.sim.requests.length;
    const out = join(mkdtempSync(join(fx.dir, 'out-')), 'call.wav');
    const result = await cli(['stream', id, '-o', out], env);
    expect(result.stderr).toMatch(new RegExp(`^saved recording ${id} to ${out} \\([\\d.]+ [KM]?B, downloaded from RingCentral, resumed 2×\\)\n$`));
    expect(result.exitCode).toBe(0);
    expect(sha256(readFileSync(out))).toBe(sha256(fx.sim.account.audioFor(id)));
    // The full request (cut), then a 206 for the rest (cut again), then the 206 that finishes.
    expect(contentRequests(fx.sim, id, before).map((request) => request.status)).toEqual([200, 206, 206]);
  });

  it('--output - survives a drop too: stdout gets every byte exactly once', async () => {
    const id = fx.recordings[1]!.id;
    const { env } = freshCache();
    fx.sim.faults.dropNext(1, { pathPrefix: contentPath(id), at: 'mid-body' });
    const before = fx.sim.requests.length;
    const result = await spawnForBytes(['stream', id, '-o', '-', '-v'], env);
    expect(result.exitCode).toBe(0);
    expect(sha256(result.stdout)).toBe(sha256(fx.sim.account.audioFor(id)));
    expect(result.stderr).toMatch(/resuming the download at byte \d+/);
    expect(contentRequests(fx.sim, id, before).map((request) => request.status)).toEqual([200, 206]);
  });

  it('a partial download left by an earlier run is resumed from where it stopped', async () => {
    const id = fx.recordings[2]!.id;
    const { env, audioDir } = freshCache();
    const audio = fx.sim.account.audioFor(id);
    mkdirSync(audioDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(audioDir, `${id}.part`), audio.subarray(0, 1000), { mode: 0o600 });
    const before = fx.sim.requests.length;
    const result = await spawnForBytes(['stream', id, '-o', '-'], env);
    expect(result.exitCode).toBe(0);
    expect(sha256(result.stdout)).toBe(sha256(audio));
    expect(contentRequests(fx.sim, id, before).map((request) => request.status)).toEqual([206]);
    expect(readdirSync(audioDir).sort()).toEqual([`${id}.json`, `${id}.wav`]);
  });

  it('the part file of a run that was killed (its process is gone) is adopted and resumed', async () => {
    const id = fx.recordings[5]!.id;
    const { env, audioDir } = freshCache();
    const audio = fx.sim.account.audioFor(id);
    mkdirSync(audioDir, { recursive: true, mode: 0o700 });
    // Above Linux's largest pid (2^22): no such process.
    writeFileSync(join(audioDir, `${id}.4194999.part`), audio.subarray(0, 2000), { mode: 0o600 });
    const before = fx.sim.requests.length;
    const out = join(mkdtempSync(join(fx.dir, 'out-')), 'call.wav');
    expect((await cli(['stream', id, '-o', out], env)).exitCode).toBe(0);
    expect(sha256(readFileSync(out))).toBe(sha256(audio));
    expect(contentRequests(fx.sim, id, before).map((request) => request.status)).toEqual([206]);
    expect(readdirSync(audioDir).sort()).toEqual([`${id}.json`, `${id}.wav`]);
  });

  it('RingCentral failing past the retry budget exits 75', async () => {
    const id = fx.recordings[6]!.id;
    const { env } = freshCache();
    const config = join(mkdtempSync(join(fx.dir, 'config-')), 'config.json');
    writeFileSync(config, JSON.stringify({ sync: { maxRetries: 0 } }));
    fx.sim.faults.failNext(1, { status: 503, pathPrefix: contentPath(id) });
    const result = await cli(['stream', id, '-o', '-'], { ...env, RECORDINGS_CONFIG: config });
    expect(result.exitCode).toBe(75);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^recordings: /);
  });

  it('a part file longer than the recording (416) is thrown away and the download starts over', async () => {
    const id = fx.recordings[3]!.id;
    const { env, audioDir } = freshCache();
    const audio = fx.sim.account.audioFor(id);
    mkdirSync(audioDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(audioDir, `${id}.part`), Buffer.alloc(audio.length + 10, 1), { mode: 0o600 });
    const before = fx.sim.requests.length;
    const out = join(mkdtempSync(join(fx.dir, 'out-')), 'call.wav');
    const result = await cli(['stream', id, '-o', out], env);
    expect(result.exitCode).toBe(0);
    expect(sha256(readFileSync(out))).toBe(sha256(audio));
    expect(contentRequests(fx.sim, id, before).map((request) => request.status)).toEqual([416, 200]);
  });

  it('a download that never gets a byte stops with exit 75; the next run succeeds', async () => {
    const id = fx.recordings[4]!.id;
    const { env, audioDir } = freshCache();
    // Every attempt is cut right after the headers: no byte ever arrives.
    fx.sim.faults.dropNext(100, { pathPrefix: contentPath(id), at: 'after-headers' });
    const result = await cli(['stream', id, '-o', join(mkdtempSync(join(fx.dir, 'out-')), 'x.wav')], env);
    fx.sim.faults.clear();
    expect(result.exitCode).toBe(75);
    expect(result.stderr).toMatch(/^recordings: .*run the command again/);
    const out = join(mkdtempSync(join(fx.dir, 'out-')), 'call.wav');
    expect((await cli(['stream', id, '-o', out], env)).exitCode).toBe(0);
    expect(sha256(readFileSync(out))).toBe(sha256(fx.sim.account.audioFor(id)));
    expect(readdirSync(audioDir).sort()).toEqual([`${id}.json`, `${id}.wav`]);
  });
});
