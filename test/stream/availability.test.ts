import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { BACKENDS, archiveTarget, queryRows, queryValue } from '../helpers/backends.js';
import { cli } from '../helpers/run-cli.js';
import { simulatorEnv } from '../helpers/simulator-env.js';
import { type Env, type StreamFixture, contentRequests, sha256, syncedFixture } from './fixture.js';

const HOUR = 3_600_000;
let fx: StreamFixture;


function freshEnv(extra: Env = {}): Env {
  const dir = mkdtempSync(join(fx.dir, 'case-'));
  return { ...fx.env, XDG_CACHE_HOME: join(dir, 'cache'), ...extra };
}

function outFile(name: string): string {
  return join(mkdtempSync(join(fx.dir, 'out-')), name);
}

type AudioState = { audio_status: string | null; audio_attempts: number; audio_not_found_since: string | null; audio_next_attempt_at: string | null };

async function audioState(id: string): Promise<AudioState> {
  const [row] = await queryRows<AudioState>(fx.env.RECORDINGS_DB!, 'SELECT audio_status, audio_attempts, audio_not_found_since, audio_next_attempt_at FROM recordings WHERE id = ?', id);
  return row!;
}

describe.each(BACKENDS)('recordings stream: what RingCentral serves, and what is stored of it (%s)', (backend) => {
  beforeAll(async () => {
    fx = await syncedFixture({ seed: 31, backend });
  });
  afterAll(async () => {
    await fx?.stop();
  });

  describe('recordings stream: audio RingCentral does not serve (yet)', () => {
    it('a recent recording whose audio answers 404 is not available yet: exit 75, stored as sync stores it; a day of 404s makes it gone (exit 4, no more requests)', async () => {
      const id = fx.recordings[3]!.id;
      fx.sim.account.delayContent(id, Number.MAX_SAFE_INTEGER);
      const env = freshEnv();
      const out = outFile('later.wav');
      const first = await cli(['stream', id, '-o', out], env);
      expect(first.exitCode).toBe(75);
      expect(first.stderr).toContain(`recordings: the audio of recording ${id} is not available at RingCentral yet (404 since `);
      expect(first.stderr).toContain('try again later');
      expect(first.stderr.trim().split('\n')).toHaveLength(2);
      expect(existsSync(out)).toBe(false);
      expect(await audioState(id)).toMatchObject({ audio_status: 'not_yet_available', audio_attempts: 1 });

      const dayLater = () => new Date(Date.now() + 25 * HOUR);
      const second = await cli(['stream', id, '-o', out], env, { now: dayLater });
      expect(second.exitCode).toBe(4);
      expect(second.stderr).toContain(`RingCentral no longer has the audio of recording ${id} (404): it has answered 404 since `);
      expect((await audioState(id)).audio_status).toBe('missing');

      const before = fx.sim.requests.length;
      const third = await cli(['stream', id, '-o', out], env);
      expect(third.exitCode).toBe(4);
      expect(fx.sim.requests.length).toBe(before);
    });

    it('audio that arrives after a 404 streams, and the next sync is told to archive it at once', async () => {
      const id = fx.recordings[4]!.id;
      fx.sim.account.delayContent(id, Date.now() + 60_000);
      const env = freshEnv();
      expect((await cli(['stream', id, '-o', outFile('a.wav')], env)).exitCode).toBe(75);
      expect((await audioState(id)).audio_next_attempt_at).not.toBeNull();
      fx.sim.account.delayContent(id, 0);
      const out = outFile('b.wav');
      const again = await cli(['stream', id, '-o', out], env);
      expect(again.exitCode, again.stderr).toBe(0);
      expect(sha256(readFileSync(out))).toBe(sha256(fx.sim.account.audioFor(id)));
      expect(await audioState(id)).toMatchObject({ audio_status: 'not_yet_available', audio_next_attempt_at: null });
    });

    it("a 403 CMN-408 exits 3 naming the permission; once granted, the same command plays", async () => {
      const id = fx.recordings[5]!.id;
      const extension = fx.sim.account.recording(id)!.extensionId;
      fx.sim.setContentForbidden(extension, true);
      try {
        const env = freshEnv();
        const refused = await cli(['stream', id, '-o', outFile('no.wav')], env);
        expect(refused.exitCode).toBe(3);
        expect(refused.stderr).toContain(`RingCentral refused the audio of recording ${id}`);
        expect(refused.stderr).toContain('CMN-408');
        expect(refused.stderr).toContain('ReadCompanyCallRecording');
        expect((await audioState(id)).audio_status).toBe('refused');
      } finally {
        fx.sim.setContentForbidden(extension, false);
      }
      const out = outFile('yes.wav');
      const allowed = await cli(['stream', id, '-o', out], freshEnv());
      expect(allowed.exitCode, allowed.stderr).toBe(0);
      expect(sha256(readFileSync(out))).toBe(sha256(fx.sim.account.audioFor(id)));
    });
  });

  describe('recordings stream: an archive synced from a simulator', () => {
    it('explains that the simulator is gone and what to do, without a request or a token sent anywhere', async () => {
      // A kept demo database: synced from a simulator on another port, which has since stopped.
      const demo = await startSimulator({ calls: 20, days: 1, seed: 3 });
      const dir = mkdtempSync(join(fx.dir, 'demo-'));
      const demoEnv = simulatorEnv(dir, demo, { RECORDINGS_DB: await archiveTarget(backend, dir) });
      expect((await cli(['sync', '--since', '1d', '--no-transcripts'], demoEnv)).exitCode).toBe(0);
      const id = await queryValue<string>(demoEnv.RECORDINGS_DB!, 'SELECT id FROM recordings ORDER BY key LIMIT 1');
      const demoHost = new URL(demo.url).host;

      // Still running, but the configured server is another one.
      const elsewhere = { ...fx.env, RECORDINGS_DB: demoEnv.RECORDINGS_DB, XDG_CACHE_HOME: join(dir, 'cache') };
      const running = await cli(['stream', id, '-o', outFile('x.wav')], elsewhere);
      expect(running.exitCode).toBe(2);
      expect(running.stderr).toContain(`recording ${id} came from a RingCentral simulator at ${demoHost}`);
      expect(running.stderr).toContain('which is running but is not the configured RingCentral server');

      await demo.stop();
      const before = fx.sim.requests.length;
      for (const env of [elsewhere, Object.fromEntries(Object.entries(elsewhere).filter(([name]) => !name.startsWith('RC_')))]) {
        const result = await cli(['stream', id, '-o', outFile('x.wav')], env);
        expect(result.exitCode).toBe(2);
        expect(result.stderr).toContain(`recording ${id} came from a RingCentral simulator at ${demoHost}`);
        expect(result.stderr).toContain('which is no longer running');
        expect(result.stderr).toContain("recordings simulator");
        expect(result.stderr).not.toContain('refusing to send');
        expect(result.stderr.trim().split('\n')).toHaveLength(2);
      }
      const url = await cli(['stream', id, '--url'], elsewhere);
      expect(url.exitCode).toBe(2);
      expect(url.stdout).toBe('');
      expect(url.stderr).toContain('which is no longer running');
      expect(fx.sim.requests.length).toBe(before);
      expect(contentRequests(fx.sim, id)).toEqual([]);
    });
  });

  describe('recordings stream: MP3 recordings', () => {
    it('saves the bytes as served, says so when the name given says WAV, and reads .mp3 from the archive', async () => {
      const sim = await startSimulator({ calls: 20, days: 1, seed: 9, audioFormat: 'mp3' });
      try {
        const dir = mkdtempSync(join(fx.dir, 'mp3-'));
        const env = simulatorEnv(dir, sim, { RECORDINGS_DB: await archiveTarget(backend, dir) });
        expect((await cli(['sync', '--since', '1d', '--no-transcripts'], env)).exitCode).toBe(0);
        const [first, second] = (await queryRows<{ id: string }>(env.RECORDINGS_DB!, 'SELECT id FROM recordings ORDER BY key LIMIT 2')).map((row) => row.id);

        const wav = outFile('call.wav');
        const named = await cli(['stream', first!, '-o', wav], env);
        expect(named.exitCode, named.stderr).toBe(0);
        expect(readFileSync(wav).equals(sim.account.audioFor(first!))).toBe(true);
        expect(named.stderr).toContain(`recordings: warning: the audio is MP3 (audio/mpeg), but ${wav} is named .wav`);
        const mp3 = outFile('call.mp3');
        const cached = await cli(['stream', first!, '-o', mp3], env);
        expect(cached.stderr).toMatch(new RegExp(`^saved recording ${first} to ${mp3} \\(.*, from the cache, .*${first}\\.mp3\\)\\n$`));

        expect((await cli(['sync', '--audio'], env)).exitCode).toBe(0);
        const archived = await cli(['stream', second!, '-o', outFile('x.mp3')], { ...env, XDG_CACHE_HOME: join(dir, 'other-cache') });
        expect(archived.stderr).toMatch(new RegExp(`from the archive, .*/${second}\\.mp3\\)\\n$`));
      } finally {
        await sim.stop();
      }
    });
  });
});
