import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../../src/db/store.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { withStore } from '../helpers/backends.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { cli } from '../helpers/run-cli.js';
import { type SeedRecording, seedStore } from '../helpers/seed.js';
import { simulatorEnv } from '../helpers/simulator-env.js';

/** The archives the browser tests run on: a SQLite file, and a database on the run's PostgreSQL server (test/setup/postgres.ts). */
export const BROWSER_BACKENDS: readonly { name: string; backend: Backend }[] = [
  { name: 'SQLite', backend: 'sqlite' },
  { name: 'PostgreSQL', backend: 'postgres' },
];

/**
 * A fixed instant at a restaurant's lunch peak, so the archive (and the README's screenshot) is the
 * same whenever the tests run.
 */
export const ANCHOR = Date.parse('2026-11-20T20:30:00.000Z');

/** Markup a caller or RingSense could put into stored text; the page must show it as text and run none of it. */
export const HOSTILE = {
  word: 'zanzibar',
  name: `<script>window.__pwned = 'name'; alert('name')</script>Mallory`,
  lines: [
    `Mallory: <img src=x onerror="window.__pwned = 'transcript'; alert('img')"> about the zanzibar platter`,
    `Host: <script>window.__pwned = 'segment'</script> we have no zanzibar platter`,
    `Mallory: <a href="javascript:alert(1)" onclick="window.__pwned = 'link'">click</a> &amp; &lt;b&gt;`,
  ],
  summary: `<b onmouseover="window.__pwned = 'summary'">Caller</b> asks about the zanzibar platter`,
};

export interface TestArchive {
  dir: string;
  /** What RECORDINGS_DB names: the SQLite file, or the PostgreSQL database's URL. */
  database: string;
  /** Where no archive is yet, on the same backend: for the page before the first sync. */
  missing(): Promise<string>;
  sim: Simulator;
  /** The environment for `recordings serve`: the archive, and the simulator for audio not archived. */
  env: Record<string, string | undefined>;
  hostileId: string;
  close(): Promise<void>;
}

/**
 * A real archive on `backend`: the simulator's account synced by the real `sync` command
 * (transcripts and insights included), plus one recording whose caller name and transcript hold
 * markup, written through the archive store as sync writes.
 */
export async function buildArchive(backend: Backend, calls = 240): Promise<TestArchive> {
  const dir = mkdtempSync(join(tmpdir(), 'rec-browser-'));
  const sim = await startSimulator({ seed: 11, calls, days: 4, now: () => ANCHOR });
  mkdirSync(join(dir, 'data'), { recursive: true, mode: 0o700 });
  const database = backend === 'sqlite' ? join(dir, 'data', 'recordings.db') : await freshPostgresDatabase();
  const env = simulatorEnv(dir, sim, { RECORDINGS_DB: database, NO_COLOR: '1', TZ: 'America/Los_Angeles' });
  const synced = await cli(['sync', '--since', '5d', '--json'], env, { now: () => new Date(ANCHOR) });
  if (synced.exitCode !== 0) throw new Error(`sync failed (${synced.exitCode}): ${synced.stderr}`);

  const hostile: SeedRecording = {
    id: '990000000001',
    callId: 'hostile-call',
    startTime: new Date(ANCHOR - 3_600_000).toISOString(),
    durationSeconds: 42,
    direction: 'Inbound',
    from: { phoneNumber: '+14155550166', name: HOSTILE.name },
    to: { phoneNumber: '+16505550199', name: 'Front Desk <i>' },
    lines: HOSTILE.lines,
    insights: { summary: HOSTILE.summary, sentiment: 'Negative', topics: ['complaint'], nextSteps: [{ value: HOSTILE.lines[1] ?? '', speakerId: null, start: null, end: null }] },
  };
  await withStore(database, (store) => seedStore(store, [hostile]));
  return {
    dir,
    database,
    missing: async () => (backend === 'sqlite' ? join(dir, 'none', 'recordings.db') : freshPostgresDatabase()),
    sim,
    env,
    hostileId: hostile.id,
    async close() {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
