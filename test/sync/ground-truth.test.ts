import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { expectedRecordings } from './helpers/expected.js';
import { checkIntegrity, queryAll, queryValue, snapshotDatabase } from './helpers/snapshot.js';
import { BACKENDS } from '../helpers/backends.js';
import { ANCHOR, CALL_LOG_PATH, DAY, HOUR, MINUTE, databasePath, iso, startTestSimulator, syncEnv, useBackend } from './helpers/simulator.js';

const tempDir = useTempDirs();
const now = () => new Date(ANCHOR);

const CALL_LOG_COLUMNS = [
  'id',
  'call_id',
  'start_time',
  'duration_seconds',
  'direction',
  'from_number',
  'from_name',
  'to_number',
  'to_name',
  'recording_type',
  'content_uri',
] as const;

describe.each(BACKENDS)('sync stores exactly what the call log holds (%s)', (backend) => {
  useBackend(backend);

  it('stores every recording of the window, field by field, and a second sync changes nothing', async () => {
    const sim = await startTestSimulator({ calls: 400, days: 2 });
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    const db = databasePath(dir);

    const first = await cli(['sync', '--since', '36h', '--json'], env, { now });
    expect(first.exitCode, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    // The window: from --since to now − settle (1 min by default).
    expect(summary.window).toEqual({ from: iso(ANCHOR - 36 * HOUR), to: iso(ANCHOR - MINUTE) });

    const expected = expectedRecordings(sim, ANCHOR - 36 * HOUR, ANCHOR - MINUTE);
    // The account is big enough to hold every case the mapping must handle.
    const all = [...expected.values()];
    const transferred = all.filter((r) => r.leg === 1);
    expect(transferred.length).toBeGreaterThan(0);
    expect(all.some((r) => r.recording_type === 'OnDemand')).toBe(true);
    expect(all.some((r) => r.direction === 'Outbound')).toBe(true);
    expect(sim.account.recordingIds(ANCHOR - 2 * DAY, ANCHOR - 36 * HOUR - 1).next().done).toBe(false);

    const rows = await queryAll<Record<string, unknown>>(db, `SELECT ${CALL_LOG_COLUMNS.join(', ')} FROM recordings ORDER BY id`);
    expect(rows).toHaveLength(expected.size);
    expect(summary.recordings).toMatchObject({ seen: expected.size, new: expected.size, updated: 0 });
    for (const row of rows) {
      const want = expected.get(row.id as string);
      expect(want, `unexpected recording ${String(row.id)}`).toBeDefined();
      const { leg: _leg, ...columns } = want!;
      expect(row).toEqual(columns);
    }
    // A transfer's two recordings are two rows of the same call; a recording repeated on the
    // record and its first leg is one row.
    for (const second of transferred) {
      const sameCall = rows.filter((row) => row.call_id === second.call_id);
      expect(sameCall.map((row) => row.id).sort()).toEqual(all.filter((r) => r.call_id === second.call_id).map((r) => r.id).sort());
      expect(sameCall).toHaveLength(2);
    }
    const callsWithRecordings = new Set(all.map((r) => r.call_id)).size;
    expect((await queryValue(db, 'SELECT count(DISTINCT call_id) FROM recordings'))).toBe(callsWithRecordings);

    // Never the recording metadata endpoint: the call log already carries it.
    expect(sim.requests.filter((r) => /\/recording\/[^/]+$/.test(r.path))).toEqual([]);
    expect(sim.requests.filter((r) => r.path === CALL_LOG_PATH).map((r) => r.query)).toEqual([
      expect.objectContaining({ view: 'Detailed', recordingType: 'All', perPage: '1000', dateFrom: iso(ANCHOR - 36 * HOUR), dateTo: iso(ANCHOR - MINUTE) }),
    ]);

    const before = (await snapshotDatabase(db));
    const fts = (await checkIntegrity(db));
    expect(fts.integrity).toBe('ok');
    const updatedAt = (await queryAll(db, 'SELECT id, updated_at, call_log_json FROM recordings ORDER BY id'));

    const second = await cli(['sync', '--since', '36h', '--json'], env, { now });
    expect(second.exitCode).toBe(0);
    const again = JSON.parse(second.stdout);
    expect(again.recordings).toMatchObject({ seen: expected.size, new: 0, updated: 0 });
    expect(again.transcripts.fetched).toBe(0);
    expect((await snapshotDatabase(db))).toEqual(before);
    expect((await queryAll(db, 'SELECT id, updated_at, call_log_json FROM recordings ORDER BY id'))).toEqual(updatedAt);
    expect((await checkIntegrity(db))).toEqual(fts);
  });
});
