import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { SIMULATOR_ACCOUNT_ID } from '../../src/simulator/index.js';
import { queryAll } from './helpers/snapshot.js';
import { BUSY_ANCHOR, HOUR, databasePath, startTestSimulator, syncEnv } from './helpers/simulator.js';

const tempDir = useTempDirs();
const now = () => new Date(BUSY_ANCHOR);
const contentRequests = (sim: { requests: { path: string }[] }, id?: string) =>
  sim.requests.filter((r) => /\/recording\/[^/]+\/content$/.test(r.path) && (id === undefined || r.path.includes(`/recording/${id}/content`)));

interface AudioRow {
  id: string;
  start_time: string;
  audio_status: string | null;
  audio_path: string | null;
  audio_sha256: string | null;
  audio_bytes: number | null;
}

describe('sync --audio', () => {
  it('archives each recording as <audio dir>/<yyyy>/<mm>/<id>.wav (0600, sha256 stored); a purged one is missing and not retried', async () => {
    const sim = await startTestSimulator({ seed: 61, calls: 200, now: () => BUSY_ANCHOR });
    const ids = [...sim.account.recordingIds(BUSY_ANCHOR - 3 * HOUR, BUSY_ANCHOR - 60_000)];
    expect(ids.length).toBeGreaterThan(3);
    const purged = ids[1]!;
    sim.purgeRecording(purged);
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    const audioDir = join(dirname(databasePath(dir)), 'audio');

    const result = await cli(['sync', '--since', '3h', '--audio', '--json'], env, { now });
    expect(result.exitCode, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.audio).toEqual({ downloaded: ids.length - 1, missing: 1 });
    expect(result.stderr).toContain(`RingCentral no longer has the audio of recording ${purged} (404)`);

    const rows = queryAll<AudioRow>(databasePath(dir), 'SELECT id, start_time, audio_status, audio_path, audio_sha256, audio_bytes FROM recordings ORDER BY id');
    expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
    for (const row of rows) {
      if (row.id === purged) {
        expect(row).toMatchObject({ audio_status: 'missing', audio_path: null, audio_sha256: null });
        continue;
      }
      const start = new Date(row.start_time);
      const expectedPath = join(audioDir, String(start.getUTCFullYear()), String(start.getUTCMonth() + 1).padStart(2, '0'), `${row.id}.wav`);
      expect(row.audio_status).toBe('archived');
      expect(row.audio_path).toBe(expectedPath);
      const bytes = readFileSync(expectedPath);
      // Byte for byte what RingCentral serves, and hashed as stored.
      expect(bytes.equals(sim.account.audioFor(row.id))).toBe(true);
      expect(row.audio_sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(row.audio_bytes).toBe(bytes.length);
      expect(statSync(expectedPath).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(expectedPath)).mode & 0o777).toBe(0o700);
    }
    expect(statSync(audioDir).mode & 0o777).toBe(0o700);
    // No temp file is left behind.
    const files = readdirSync(audioDir, { recursive: true }).map(String);
    expect(files.filter((file) => file.endsWith('.part'))).toEqual([]);

    const downloads = contentRequests(sim).length;
    expect(contentRequests(sim, purged)).toHaveLength(1);
    const again = await cli(['sync', '--since', '3h', '--audio', '--json'], env, { now });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).audio).toEqual({ downloaded: 0, missing: 0 });
    expect(contentRequests(sim)).toHaveLength(downloads);
  });

  it('a connection lost mid-stream is tried again; one that keeps breaking is left for the next sync, the rest archived', async () => {
    const sim = await startTestSimulator({ seed: 62, calls: 200, now: () => BUSY_ANCHOR });
    const ids = [...sim.account.recordingIds(BUSY_ANCHOR - 3 * HOUR, BUSY_ANCHOR - 60_000)];
    expect(ids.length).toBeGreaterThan(3);
    const contentPath = (id: string) => `/restapi/v1.0/account/${SIMULATOR_ACCOUNT_ID}/recording/${id}/content`;
    const [flaky, broken] = [ids[0]!, ids[2]!];
    sim.faults.dropNext(1, { pathPrefix: contentPath(flaky), at: 'mid-body' });
    sim.faults.dropNext(3, { pathPrefix: contentPath(broken), at: 'mid-body' });
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    const db = databasePath(dir);

    const result = await cli(['sync', '--since', '3h', '--audio', '--json'], env, { now });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).audio).toEqual({ downloaded: ids.length - 1, missing: 0 });
    expect(result.stderr).toContain(`could not download the audio of recording ${broken} (`);
    const status = () => Object.fromEntries(queryAll<AudioRow>(db, 'SELECT id, audio_status FROM recordings').map((row) => [row.id, row.audio_status]));
    expect(status()[flaky]).toBe('archived');
    expect(status()[broken]).toBeNull();
    expect(contentRequests(sim, flaky)).toHaveLength(2);
    expect(contentRequests(sim, broken)).toHaveLength(3);
    const audioDir = join(dirname(db), 'audio');
    expect(readdirSync(audioDir, { recursive: true }).map(String).filter((file) => file.includes(broken))).toEqual([]);

    const again = await cli(['sync', '--since', '3h', '--audio', '--json'], env, { now });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).audio).toEqual({ downloaded: 1, missing: 0 });
    expect(Object.values(status()).every((value) => value === 'archived')).toBe(true);
    const [row] = queryAll<AudioRow>(db, 'SELECT id, audio_path, audio_sha256 FROM recordings WHERE id = ?', broken);
    expect(readFileSync(row!.audio_path!).equals(sim.account.audioFor(broken))).toBe(true);
  });
});
