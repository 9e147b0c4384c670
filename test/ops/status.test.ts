import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { archiveFor, BACKENDS, useBackend } from '../helpers/backends.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { cli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { simulatorEnv } from './helpers.js';

const tempDir = useTempDirs();
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ calls: 40, days: 1 });
});
afterAll(async () => {
  await sim.stop();
});

describe.each(BACKENDS)('status (%s)', (backend) => {
  useBackend(backend);

  test('status --max-age: exit 1 with no sync, 0 when fresh, 1 when stale; a bad duration is exit 2', async () => {
    const dir = tempDir();
    const env = simulatorEnv(dir, sim, { RECORDINGS_DB: archiveFor(dir, join(dir, 'recordings.db')) });

    const none = await cli(['status', '--max-age', '30m'], env);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain('stale: no sync has succeeded yet (--max-age 30m)');
    expect((await cli(['status'], env)).exitCode).toBe(0);

    expect((await cli(['sync', '--since', '1d'], env)).exitCode).toBe(0);
    const fresh = await cli(['status', '--max-age', '30m', '--json'], env);
    expect(fresh.exitCode).toBe(0);
    expect(JSON.parse(fresh.stdout).maxAge).toMatchObject({ limitSeconds: 1800, stale: false });

    const later = () => new Date(Date.now() + 2 * 3_600_000);
    const stale = await cli(['status', '--max-age', '30m'], env, { now: later });
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toMatch(/stale: the last successful sync finished 1(19|20|21) min ago \(--max-age 30m\)/);
    expect((await cli(['status', '--max-age', '3h'], env, { now: later })).exitCode).toBe(0);

    const bad = await cli(['status', '--max-age', 'soon'], env);
    expect(bad.exitCode).toBe(2);
  });
});

test('status: an archive that keeps no audio says so in one line; once audio is archived, it is counted by state', async () => {
  const dir = tempDir();
  const env = simulatorEnv(dir, sim, { RECORDINGS_DB: join(dir, 'recordings.db') });
  expect((await cli(['sync', '--since', '1d', '--no-transcripts'], env)).exitCode).toBe(0);
  const withoutAudio = await cli(['status'], env);
  expect(withoutAudio.stdout).toMatch(/^Audio {11}not archived \(sync --audio or sync\.audio keeps a copy\)$/m);
  expect(withoutAudio.stdout).not.toContain('not_tried');

  expect((await cli(['sync', '--since', '1d', '--no-transcripts', '--audio'], env)).exitCode).toBe(0);
  const withAudio = await cli(['status'], env);
  expect(withAudio.stdout).toMatch(/^Audio$/m);
  expect(withAudio.stdout).toMatch(/^ {2}archived +\d+/m);
});
