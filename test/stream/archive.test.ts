import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/cli/stream/download-progress.js';
import { BACKENDS, queryValue } from '../helpers/backends.js';
import { cli } from '../helpers/run-cli.js';
import { type Env, type StreamFixture, auditRows, contentRequests, fakePlayer, sha256, syncedFixture } from './fixture.js';

let fx: StreamFixture;


/** The environment without any RingCentral credential. */
function withoutCredentials(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('RC_')));
}

function archivedPath(id: string): Promise<string> {
  return queryValue<string>(fx.env.RECORDINGS_DB!, "SELECT audio_path FROM recordings WHERE id = ? AND audio_status = 'archived'", id);
}

describe.each(BACKENDS)('recordings stream: from the audio archive (%s)', (backend) => {
  beforeAll(async () => {
    fx = await syncedFixture({ audio: true, seed: 11, backend });
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it('plays archived audio without any request to RingCentral, even with no credentials set', async () => {
    const id = fx.recordings[0]!.id;
    const path = await archivedPath(id);
    expect(path).toBeTruthy();
    const player = fakePlayer(mkdtempSync(join(fx.dir, 'player-')));
    const before = fx.sim.requests.length;
    const result = await cli(['stream', id, '--player', player.command], withoutCredentials(fx.env));
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(fx.sim.requests.length).toBe(before);
    const record = player.record();
    expect(record.argv.at(-1)).toBe(path);
    expect(record.sha256).toBe(sha256(fx.sim.account.audioFor(id)));
    expect((await auditRows(fx.env)).at(-1)).toMatchObject({ recording_id: id, details: { source: 'archive', destination: 'player' } });
  });

  it('a broken credential setting does not matter while the audio is archived; it is named once a fetch needs it', async () => {
    const broken = { ...withoutCredentials(fx.env), RC_USER_JWT_FILE: join(fx.dir, 'missing.jwt'), RC_SERVER_URL: 'not a url' };
    const id = fx.recordings[3]!.id;
    const before = fx.sim.requests.length;
    const out = join(mkdtempSync(join(fx.dir, 'out-')), 'saved.wav');
    const played = await cli(['stream', id, '-o', out], broken);
    expect(played.stderr).toBe(`saved recording ${id} to ${out} (${formatBytes(statSync(out).size)}, from the archive, ${await archivedPath(id)})\n`);
    expect(played.exitCode).toBe(0);
    expect(sha256(readFileSync(out))).toBe(sha256(fx.sim.account.audioFor(id)));

    const url = await cli(['stream', id, '--url'], { ...broken, RC_SERVER_URL: fx.env.RC_SERVER_URL });
    expect(url.exitCode).toBe(2);
    expect(url.stderr).toBe(`recordings: RC_USER_JWT_FILE: cannot read the JWT file ${join(fx.dir, 'missing.jwt')} (ENOENT)\n`);
    expect(fx.sim.requests.length).toBe(before);
  });

  it('--output - and --output <file> read the archive too', async () => {
    const id = fx.recordings[1]!.id;
    const before = fx.sim.requests.length;
    const piped = await cli(['stream', id, '-o', '-'], withoutCredentials(fx.env));
    expect(piped.exitCode).toBe(0);
    const out = join(mkdtempSync(join(fx.dir, 'out-')), 'saved.wav');
    expect((await cli(['stream', id, '-o', out], withoutCredentials(fx.env))).exitCode).toBe(0);
    expect(sha256(readFileSync(out))).toBe(sha256(fx.sim.account.audioFor(id)));
    expect(fx.sim.requests.length).toBe(before);
  });

  it('an archived file whose sha256 no longer matches is not trusted: the audio is fetched again', async () => {
    const id = fx.recordings[2]!.id;
    const path = await archivedPath(id);
    const bytes = readFileSync(path);
    bytes[60] = bytes[60]! ^ 0x55;
    writeFileSync(path, bytes);
    const before = fx.sim.requests.length;
    const out = join(mkdtempSync(join(fx.dir, 'out-')), 'saved.wav');
    const env = { ...fx.env, XDG_CACHE_HOME: mkdtempSync(join(fx.dir, 'cache-')) };
    const result = await cli(['stream', id, '-o', out], env);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('sha256 differs');
    expect(contentRequests(fx.sim, id, before)).toHaveLength(1);
    expect(sha256(readFileSync(out))).toBe(sha256(fx.sim.account.audioFor(id)));
  });
});
