import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/cli/stream/download-progress.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { queryRows } from '../helpers/backends.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { cli } from '../helpers/run-cli.js';
import { simulatorEnv } from '../helpers/simulator-env.js';
import { send } from '../serve/http.js';
import { startServe } from '../serve/serve-process.js';

type Env = Record<string, string | undefined>;

interface Machine {
  dir: string;
  /** Its own HOME, config, data (audio), state (tokens) and cache folders; the same archive. */
  env: Env;
}

interface AudioRow {
  id: string;
  audio_status: string;
  audio_path: string;
  audio_sha256: string;
  audio_bytes: number;
}

/**
 * Audio on a shared archive (README.md, "When one file is not enough";
 * docs/cli.md, "`recordings stream <id>`"): `sync --audio` on machine 1 keeps the files in
 * machine 1's data folder and `audio_path` names them there. On machine 2 (another home, config,
 * data and cache, the same `--db postgres://…`) `stream` and `serve` fetch the audio from
 * RingCentral, since the file is not there; on machine 1 they read the file and ask RingCentral
 * nothing.
 */
describe('PostgreSQL: audio on a shared archive, from another machine', () => {
  let sim: Simulator;
  let archive: string;
  let one: Machine;
  let two: Machine;
  let archived: AudioRow[];

  const machine = (db: string): Machine => {
    const dir = mkdtempSync(join(tmpdir(), 'rec-machine-'));
    return { dir, env: simulatorEnv(dir, sim, { RECORDINGS_DB: db, NO_COLOR: '1' }) };
  };
  const audioRows = () =>
    queryRows<AudioRow>(archive, "SELECT id, audio_status, audio_path, audio_sha256, audio_bytes FROM recordings WHERE audio_status = 'archived' ORDER BY key");
  /**
   * Both machines share this test's disk, where machine 1's files would be in reach: while machine 2
   * runs, the folder `audio_path` names is not at that path, as on a machine of its own.
   */
  const onMachineTwo = async <T>(run: () => Promise<T>): Promise<T> => {
    const audio = join(one.dir, 'data', 'recordings', 'audio');
    const away = `${audio}.on-machine-1`;
    renameSync(audio, away);
    try {
      return await run();
    } finally {
      renameSync(away, audio);
    }
  };
  const contentRequests = (id: string) => sim.requests.filter((request) => request.path.endsWith(`/recording/${id}/content`)).length;
  const streamRoute = (url: string, id: string) => send(url, `/api/v1/recordings/${encodeURIComponent(id)}/stream`);

  beforeAll(async () => {
    sim = await startSimulator({ calls: 40, days: 2, seed: 11, audioFormat: 'mixed' });
    archive = await freshPostgresDatabase();
    one = machine(archive);
    two = machine(archive);
    const synced = await cli(['sync', '--since', '2d', '--no-transcripts', '--audio'], one.env);
    if (synced.exitCode !== 0) throw new Error(`sync failed: ${synced.stderr}`);
    archived = await audioRows();
  });

  afterAll(async () => {
    await sim?.stop();
    for (const m of [one, two]) if (m) rmSync(m.dir, { recursive: true, force: true });
  });

  it("machine 1's sync --audio keeps the files in its own data folder, and audio_path names them there", () => {
    expect(archived.length).toBeGreaterThanOrEqual(3);
    for (const row of archived) {
      expect(row.audio_path.startsWith(join(one.dir, 'data', 'recordings', 'audio'))).toBe(true);
      expect(readFileSync(row.audio_path).equals(sim.account.audioFor(row.id))).toBe(true);
    }
  });

  it('on machine 2, stream -o gets the same bytes from RingCentral, as the file is not there; the archive still names machine 1’s file', async () => {
    const row = archived[0]!;
    const out = join(two.dir, 'saved.audio');
    const before = contentRequests(row.id);
    const result = await onMachineTwo(() => cli(['stream', row.id, '-o', out], two.env));
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(out).equals(readFileSync(row.audio_path))).toBe(true);
    expect(contentRequests(row.id) - before).toBe(1);
    expect(result.stderr).toBe(
      `the archived audio of recording ${row.id} is not on this machine (${row.audio_path}); fetching it from RingCentral\n` +
        `saved recording ${row.id} to ${out} (${formatBytes(statSync(out).size)}, downloaded from RingCentral)\n`,
    );
    // Nothing of machine 1's archive changes: its file stays the archived copy, and sync does not fetch it again.
    expect(await audioRows()).toEqual(archived);
    const audit = await queryRows<{ details: string }>(archive, "SELECT details FROM audit_log WHERE action = 'stream' AND recording_id = ? ORDER BY id", row.id);
    expect(JSON.parse(audit.at(-1)!.details)).toMatchObject({ source: 'download', destination: 'file' });
  });

  it("on machine 2, serve's stream route gets the same bytes from RingCentral", async () => {
    const row = archived[1]!;
    const before = contentRequests(row.id);
    const answer = await onMachineTwo(async () => {
      const server = await startServe([], two.env, { untilTestEnds: true });
      const streamed = await streamRoute(server.url, row.id);
      expect((await server.stop('SIGTERM')).code).toBe(0);
      return streamed;
    });
    expect(answer.status).toBe(200);
    expect(answer.body.equals(readFileSync(row.audio_path))).toBe(true);
    expect(contentRequests(row.id) - before).toBe(1);
    expect(await audioRows()).toEqual(archived);
  });

  it('on machine 1, stream and serve read the file: not one request reaches RingCentral', async () => {
    const [first, second] = [archived[0]!, archived[1]!];
    const before = sim.requests.length;
    const out = join(one.dir, 'saved.audio');
    const result = await cli(['stream', first.id, '-o', out], one.env);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe(`saved recording ${first.id} to ${out} (${formatBytes(statSync(out).size)}, from the archive, ${first.audio_path})\n`);
    expect(readFileSync(out).equals(sim.account.audioFor(first.id))).toBe(true);
    const server = await startServe([], one.env, { untilTestEnds: true });
    const answer = await streamRoute(server.url, second.id);
    expect(answer.status).toBe(200);
    expect(answer.body.equals(sim.account.audioFor(second.id))).toBe(true);
    expect((await server.stop('SIGTERM')).code).toBe(0);
    expect(sim.requests.length).toBe(before);
    // Machine 2 has no file of its own in its data folder: what it fetched went to its cache.
    expect(existsSync(join(two.dir, 'data', 'recordings', 'audio'))).toBe(false);
  });
});
