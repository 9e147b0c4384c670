import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { cli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { archiveFor, BACKENDS, queryRows, useBackend } from '../helpers/backends.js';
import { openRaw, simulatorEnv } from './helpers.js';

const tempDir = useTempDirs();
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe.each(BACKENDS)('retention.days in the config (%s)', (backend) => {
  useBackend(backend);

  it('makes each sync prune what is older than the retention, except held recordings, with an audit row', async () => {
    sim = await startSimulator({ calls: 120, days: 4, insightsDelaySeconds: 0 });
    const dir = tempDir();
    const db = archiveFor(dir, join(dir, 'r.db'));
    const env = simulatorEnv(dir, sim, { RECORDINGS_DB: db });
    const first = await cli(['sync', '--since', '4d', '--no-transcripts'], env);
    expect(first.exitCode, first.stderr).toBe(0);

    const cutoff = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const old = (await queryRows<{ id: string }>(db, 'SELECT id FROM recordings WHERE start_time < ? ORDER BY start_time', cutoff)).map((row) => row.id);
    expect(old.length).toBeGreaterThan(5);
    expect((await cli(['hold', old[0]!, '--reason', 'case 1'], env)).exitCode).toBe(0);

    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ retention: { days: 2 } }));
    const second = await cli(['sync', '--json', '--no-transcripts'], { ...env, RECORDINGS_CONFIG: config });
    expect(second.exitCode, second.stderr).toBe(0);
    const summary = JSON.parse(second.stdout);
    expect(summary.retention.deleted).toBe(old.length - 1);

    const remainingOld = (await queryRows<{ id: string }>(db, 'SELECT id FROM recordings WHERE start_time < ?', cutoff)).map((row) => row.id);
    expect(remainingOld).toEqual([old[0]]);
    const audit = await queryRows<{ actor: string; details: string }>(db, "SELECT actor, details FROM audit_log WHERE action = 'prune'");
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ trigger: 'retention.days', days: 2, deleted: old.length - 1, held: 1 });
    if (backend === 'sqlite') {
      const after = openRaw(db);
      expect(() => after.prepare("INSERT INTO recordings_fts(recordings_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
      after.close();
    }
  });
});
