import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { cli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { queryAll } from './helpers/snapshot.js';
import { BACKENDS } from '../helpers/backends.js';
import { BUSY_ANCHOR, DAY, INSIGHTS_PREFIX, MINUTE, TestClock, databasePath, startTestSimulator, syncEnv, useBackend } from './helpers/simulator.js';

const tempDir = useTempDirs();

function requestCounts(sim: Simulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of sim.requests) {
    if (!request.path.startsWith(INSIGHTS_PREFIX)) continue;
    const id = decodeURIComponent(request.path.slice(INSIGHTS_PREFIX.length).split('/')[0]!);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

interface Row {
  id: string;
  transcript_status: string;
  transcript: string | null;
  transcript_segment_count: number;
  summary: string | null;
  transcript_fetched_at: string | null;
  transcript_error: string | null;
}

const ROWS = `SELECT id, transcript_status, transcript, transcript_segment_count, summary, transcript_fetched_at, transcript_error
              FROM recordings WHERE transcript_status <> 'skipped'`;

describe.each(BACKENDS)('insights in two stages (AI Notes first, the full analysis later) (%s)', (backend) => {
  useBackend(backend);

  it('keeps the AI Notes, asks again with back-off, and stores the transcript when it arrives: none lost', async () => {
    const clock = new TestClock(BUSY_ANCHOR);
    const sim = await startTestSimulator({ seed: 51, calls: 300, twoStageShare: 1, fullAnalysisDelaySeconds: 3600, now: clock.now });
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    const db = databasePath(dir);
    const sync = async () => {
      const result = await cli(['sync', '--json'], env, { now: clock.date });
      expect(result.exitCode, result.stderr).toBe(0);
      return JSON.parse(result.stdout);
    };

    await sync();
    const notes = (await queryAll<Row>(db, ROWS)).filter((row) => {
      const available = sim.account.insightsAvailableAt(row.id);
      return available !== null && available <= clock.now() && sim.account.transcriptAvailableAt(row.id)! > clock.now();
    });
    expect(notes.length).toBeGreaterThan(3);
    for (const row of notes) {
      // What the AI Notes had is stored and searchable; the transcript is still to come.
      expect(row).toMatchObject({ transcript_status: 'pending', transcript: null, transcript_segment_count: 0, transcript_fetched_at: null });
      expect(row.summary).toBe(sim.account.insightsFor(row.id)!.insights.Summary![0]!.value);
      expect(row.transcript_error).toBe('RingSense sent AI Notes without a transcript yet (first stage)');
    }
    const search = await cli(['search', '--text', notes[0]!.summary!.split(' ').slice(0, 3).join(' '), '--status', 'pending', '--json'], env);
    expect(JSON.parse(search.stdout).recordings.map((r: { id: string }) => r.id)).toContain(notes[0]!.id);

    // Cron every 10 minutes for two hours: the full analysis arrives an hour after the AI Notes.
    for (let step = 0; step < 12; step++) {
      clock.advance(10 * MINUTE);
      await sync();
    }
    const counts = requestCounts(sim);
    const after = new Map((await queryAll<Row>(db, ROWS)).map((row) => [row.id, row]));
    for (const { id } of notes) {
      const row = after.get(id)!;
      const truth = sim.account.insightsFor(id)!;
      expect(truth.insights.Transcript!.length).toBeGreaterThan(0);
      expect(row.transcript_status).toBe('ready');
      expect(row.transcript).toBe(truth.insights.Transcript!.map((segment) => segment.text).join('\n'));
      expect(row.transcript_fetched_at).not.toBeNull();
      // The back-off series bounds the requests: the AI Notes, a few retries, the full answer.
      expect(counts.get(id)).toBeGreaterThanOrEqual(2);
      expect(counts.get(id)).toBeLessThanOrEqual(5);
    }
    // The full answer replaced what the AI Notes stored: highlights and sentiment are there now.
    const detail = JSON.parse((await cli(['get', notes[0]!.id, '--json'], env)).stdout);
    expect(detail.transcriptStatus).toBe('ready');
    expect(detail.transcript.segments.length).toBeGreaterThan(0);
    expect(detail.insights.highlights.length).toBeGreaterThan(0);
    expect(detail.insights.sentiment).not.toBeNull();
  });

  it('past the give-up age without a transcript: unavailable, keeping what the AI Notes had', async () => {
    const clock = new TestClock(BUSY_ANCHOR);
    // The full analysis never comes within the test.
    const sim = await startTestSimulator({ seed: 52, calls: 400, days: 4, twoStageShare: 1, fullAnalysisDelaySeconds: 30 * 86_400, now: clock.now });
    const dir = tempDir();
    const env = syncEnv(dir, sim);
    const db = databasePath(dir);
    const result = await cli(['sync', '--since', '4d', '--json'], env, { now: clock.date });
    expect(result.exitCode, result.stderr).toBe(0);
    const counts = requestCounts(sim);
    const rows = (await queryAll<Row>(db, ROWS)).filter((row) => sim.account.insightsAvailableAt(row.id) !== null);
    const old = rows.filter((row) => sim.account.recording(row.id)!.startMs <= BUSY_ANCHOR - 2 * DAY);
    expect(old.length).toBeGreaterThan(5);
    for (const row of old) {
      expect(row).toMatchObject({ transcript_status: 'unavailable', transcript: null, transcript_error: 'RingSense sent AI Notes but no transcript before the give-up age' });
      expect(row.summary).toBe(sim.account.insightsFor(row.id)!.insights.Summary![0]!.value);
      expect(counts.get(row.id)).toBe(1);
    }
    const detail = JSON.parse((await cli(['get', old[0]!.id, '--json'], env)).stdout);
    expect(detail).toMatchObject({ transcriptStatus: 'unavailable', transcript: null });
    expect(detail.insights.summary).toBe(old[0]!.summary);
    expect(detail.insights.nextSteps.length).toBeGreaterThan(0);
  });
});
