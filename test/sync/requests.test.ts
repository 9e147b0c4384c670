import { describe, expect, it } from 'vitest';
import { cli, spawnCli } from '../helpers/run-cli.js';
import { BACKENDS, useBackend } from '../helpers/backends.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { recordedCallCount } from './helpers/expected.js';
import { queryValue } from './helpers/snapshot.js';
import { ANCHOR, CALL_LOG_PATH, DAY, MINUTE, TOKEN_PATH, databasePath, iso, startTestSimulator, syncEnv } from './helpers/simulator.js';

const tempDir = useTempDirs();
const now = () => new Date(ANCHOR);

describe.each(BACKENDS)('what a sync costs in requests (%s)', (backend) => {
  useBackend(backend);

  it('reads a window of N recorded calls in ceil(N/1000) call-log requests and never asks for recording metadata', async () => {
    const sim = await startTestSimulator({ seed: 11, calls: 4300, days: 1 });
    const dir = tempDir();
    const from = ANCHOR - DAY;
    const to = ANCHOR - MINUTE;
    const recordedCalls = recordedCallCount(sim, from, to);
    expect(recordedCalls).toBeGreaterThan(2000);
    expect(recordedCalls).toBeLessThanOrEqual(3000);

    const result = await cli(['sync', '--since', '24h', '--no-transcripts', '--json'], syncEnv(dir, sim), { now });
    expect(result.exitCode, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    const recordings = [...sim.account.recordingIds(from, to)].length;
    expect(summary.recordings).toMatchObject({ seen: recordings, new: recordings });
    expect((await queryValue(databasePath(dir), 'SELECT count(*) FROM recordings'))).toBe(recordings);

    const callLog = sim.requests.filter((r) => r.path === CALL_LOG_PATH);
    expect(callLog).toHaveLength(Math.ceil(recordedCalls / 1000));
    expect(callLog.every((r) => r.status === 200)).toBe(true);
    // One fixed window for the whole walk, page after page.
    expect(callLog.map((r) => [r.query.dateFrom, r.query.dateTo, r.query.view, r.query.recordingType, r.query.perPage])).toEqual(
      callLog.map(() => [iso(from), iso(to), 'Detailed', 'All', '1000']),
    );
    expect(callLog.map((r) => r.query.page ?? '1')).toEqual(callLog.map((_, i) => String(i + 1)));
    expect(sim.requests.filter((r) => /\/recording\/[^/]+$/.test(r.path))).toEqual([]);
    // One login, the pages, nothing else: apiRequests counts every request put on the wire.
    expect(sim.requests.map((r) => r.path).filter((path) => path !== CALL_LOG_PATH)).toEqual([TOKEN_PATH]);
    expect(summary.apiRequests).toBe(sim.requests.length);
  });

  it('a second run reuses the stored session: one login across two processes', async () => {
    const sim = await startTestSimulator({ calls: 120 });
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    const first = await spawnCli(['sync', '--json'], env);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(sim.stats().logins).toBe(1);
    const second = await spawnCli(['sync', '--json'], env);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(sim.stats()).toMatchObject({ logins: 1, refreshes: 0 });
    expect(sim.requests.filter((r) => r.path === TOKEN_PATH)).toHaveLength(1);
    expect(JSON.parse(second.stdout).recordings.new).toBe(0);
  });
});
