import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { queryAll, queryValue } from './helpers/snapshot.js';
import { BACKENDS } from '../helpers/backends.js';
import { BUSY_ANCHOR, MINUTE, TestClock, databasePath, iso, startTestSimulator, syncEnv, useBackend } from './helpers/simulator.js';

const tempDir = useTempDirs();

interface TranscriptState {
  id: string;
  transcript_status: string;
  transcript_attempts: number;
  transcript_next_attempt_at: string | null;
}

describe.each(BACKENDS)('data that arrives after the first sync (%s)', (backend) => {
  useBackend(backend);

  it('picks up a recording attached later, a changed record and insights that appear later, within the lookback', async () => {
    const clock = new TestClock(BUSY_ANCHOR);
    const sim = await startTestSimulator({ seed: 5, calls: 600, now: clock.now });
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    const db = databasePath(dir);
    const sync = async () => {
      const result = await cli(['sync', '--json'], env, { now: clock.date });
      expect(result.exitCode, result.stderr).toBe(0);
      return JSON.parse(result.stdout);
    };

    // Two recorded calls well inside the next run's lookback (2 h back from the checkpoint).
    const { first, last } = sim.account.indexRange(BUSY_ANCHOR - 100 * MINUTE, BUSY_ANCHOR - 30 * MINUTE);
    const recorded: number[] = [];
    for (let i = first; i <= last; i++) if (sim.account.shapeAt(i).recordings.length > 0) recorded.push(i);
    expect(recorded.length).toBeGreaterThanOrEqual(2);
    const [lateIndex, touchedIndex] = recorded as [number, number];
    const lateIds = sim.account.shapeAt(lateIndex).recordings.map((r) => r.id);
    sim.attachRecordingLater(lateIndex, BUSY_ANCHOR + 10 * MINUTE);
    const touchedId = sim.account.shapeAt(touchedIndex).recordings[0]!.id;

    // A recording whose insights appear between the first and the second sync.
    const appearing = [...sim.account.recordingIds(BUSY_ANCHOR - 2 * 60 * MINUTE, BUSY_ANCHOR - MINUTE)].find((id) => {
      const at = sim.account.insightsAvailableAt(id);
      return at !== null && at > BUSY_ANCHOR && at <= BUSY_ANCHOR + 20 * MINUTE;
    });
    expect(appearing).toBeDefined();

    const firstRun = await sync();
    expect(firstRun.window.to).toBe(iso(BUSY_ANCHOR - MINUTE));
    const stored = async (ids: string[]) => (await queryValue<number>(db, `SELECT count(*) FROM recordings WHERE id IN (${ids.map(() => '?').join(',')})`, ...ids));
    expect((await stored(lateIds))).toBe(0);
    const state = async (id: string) => (await queryAll<TranscriptState>(db, 'SELECT id, transcript_status, transcript_attempts, transcript_next_attempt_at FROM recordings WHERE id = ?', id))[0];
    // RingSense answered 404: pending, asked again 5 minutes later.
    expect((await state(appearing!))).toEqual({ id: appearing, transcript_status: 'pending', transcript_attempts: 1, transcript_next_attempt_at: iso(BUSY_ANCHOR + 5 * MINUTE) });
    const touchedBefore = (await queryValue<string>(db, 'SELECT last_modified_time FROM recordings WHERE id = ?', touchedId));

    // RingCentral changes a record already stored (its lastModifiedTime moves).
    clock.advance(15 * MINUTE);
    sim.touchCall(touchedIndex);
    clock.advance(5 * MINUTE);
    const secondRun = await sync();
    // The window reaches back 2 h from the checkpoint, so it covers both changed calls.
    expect(secondRun.window).toEqual({ from: iso(BUSY_ANCHOR - MINUTE - 120 * MINUTE), to: iso(BUSY_ANCHOR + 19 * MINUTE) });
    expect((await stored(lateIds))).toBe(lateIds.length);
    expect(secondRun.recordings.new).toBeGreaterThanOrEqual(lateIds.length);
    expect(secondRun.recordings.updated).toBeGreaterThanOrEqual(1);
    expect((await queryValue(db, 'SELECT last_modified_time FROM recordings WHERE id = ?', touchedId))).toBe(iso(BUSY_ANCHOR + 15 * MINUTE));
    expect(touchedBefore).not.toBe(iso(BUSY_ANCHOR + 15 * MINUTE));
    expect((await state(appearing!))).toMatchObject({ transcript_status: 'ready', transcript_next_attempt_at: null });
    expect((await queryValue<number>(db, 'SELECT transcript_segment_count FROM recordings WHERE id = ?', appearing))).toBeGreaterThan(0);
    // The late recording's own insights come 30 min after it was attached: not yet.
    expect((await state(lateIds[0]!))).toMatchObject({ transcript_status: 'pending', transcript_attempts: 1, transcript_next_attempt_at: iso(BUSY_ANCHOR + 25 * MINUTE) });

    clock.advance(40 * MINUTE);
    await sync();
    const expectedLate = sim.account.insightsAvailableAt(lateIds[0]!) === null ? 'pending' : 'ready';
    expect((await state(lateIds[0]!))?.transcript_status).toBe(expectedLate);
  });
});
