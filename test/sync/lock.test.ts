import { describe, expect, it } from 'vitest';
import { cli, spawnCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { queryValue } from './helpers/snapshot.js';
import { BACKENDS } from '../helpers/backends.js';
import { CALL_LOG_PATH, databasePath, startTestSimulator, syncEnv, useBackend } from './helpers/simulator.js';
import { startCli } from './helpers/spawn.js';

const tempDir = useTempDirs();

describe.each(BACKENDS)('one sync at a time (%s)', (backend) => {
  useBackend(backend);

  it('a second sync exits 75 at once while one runs; search works meanwhile; a killed holder is taken over', async () => {
    const sim = await startTestSimulator({ calls: 300 });
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    // A first sync fills the archive, so that the search below has something to find.
    const first = await cli(['sync', '--json'], env);
    expect(first.exitCode, first.stderr).toBe(0);

    sim.faults.delay(20_000, { pathPrefix: CALL_LOG_PATH });
    const holder = startCli(['sync', '--full'], env);
    await holder.waitForLine(/reading the call log/);

    const started = Date.now();
    const second = await spawnCli(['sync', '--json'], env);
    expect(second.exitCode).toBe(75);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(new RegExp(`^recordings: another sync is running on this database \\(pid ${holder.child.pid} on \\S+, started \\S+\\); try again later\n$`));

    // Readers are not blocked by the writer's lock.
    const search = await spawnCli(['search', '--text', 'reservation', '--json'], env);
    expect(search.exitCode, search.stderr).toBe(0);
    const found = JSON.parse(search.stdout);
    expect(found.total).toBeGreaterThan(0);
    expect(found.recordings.length).toBeGreaterThan(0);

    holder.kill('SIGKILL');
    await holder.finished;
    sim.faults.clear();
    const next = await spawnCli(['sync', '--json'], env);
    expect(next.exitCode, next.stderr).toBe(0);
    expect(next.stderr).toMatch(new RegExp(`sync: took over the lock of a sync that died \\(pid ${holder.child.pid} on `));
    const db = databasePath(dir);
    expect((await queryValue(db, 'SELECT status FROM sync_runs WHERE pid = ?', holder.child.pid))).toBe('interrupted');
    expect((await queryValue(db, "SELECT count(*) FROM sync_state WHERE name = 'sync_lock'"))).toBe(0);
  });
});
