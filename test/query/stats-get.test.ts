import { describe, expect, test } from 'vitest';
import { cli } from '../helpers/run-cli.js';
import { seedDatabaseFile } from '../helpers/seed.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { DATA_SET } from './data-set.js';
import { BACKENDS, executeSql, useBackend } from '../helpers/backends.js';

const tempDir = useTempDirs();

/** Runs with the process's local time zone set (Node re-reads TZ when it changes). */
async function inTimeZone<T>(zone: string, run: () => Promise<T>): Promise<T> {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

async function archive() {
  const dir = tempDir();
  const db = await seedDatabaseFile(dir, DATA_SET);
  return { db, env: { HOME: dir, XDG_CONFIG_HOME: `${dir}/config`, RECORDINGS_DB: db } };
}

describe.each(BACKENDS)('stats (%s)', (backend) => {
  useBackend(backend);

  test('figures match the hand-computed values of the data set', async () => {
    const { db, env } = await archive();
    await executeSql(db, "INSERT INTO sync_runs (started_at, finished_at, status) VALUES ('2026-11-25T10:00:00.000Z', '2026-11-25T10:01:00.000Z', 'ok')");
    await executeSql(db, "INSERT INTO sync_runs (started_at, finished_at, status, error) VALUES ('2026-11-26T10:00:00.000Z', '2026-11-26T10:00:30.000Z', 'failed', 'rate limited')");
    const result = await inTimeZone('UTC', () => cli(['stats', '--json'], env));
    expect(result.exitCode).toBe(0);
    const stats = JSON.parse(result.stdout);
    expect(Object.keys(stats)).toEqual([
      'recordings', 'withTranscript', 'transcriptSuccessRate', 'averageConfidence', 'sentiment', 'topTopics',
      'byDirection', 'byTranscriptStatus', 'perDay', 'averageDurationSeconds', 'lastSync',
    ]);
    expect(stats).toMatchObject({
      recordings: 6,
      withTranscript: 3,
      // ready 3 ÷ (6 − skipped 1 − pending 1)
      transcriptSuccessRate: 3 / 4,
      // (0.9 + 0.7) / 2; rec-3 has no confidence
      sentiment: { Positive: 1, Neutral: 1, Negative: 1 },
      topTopics: [
        { topic: 'reservation', count: 2 },
        { topic: 'cancellation', count: 1 },
        { topic: 'catering', count: 1 },
        { topic: 'complaint', count: 1 },
      ],
      byDirection: { Inbound: 4, Outbound: 2 },
      byTranscriptStatus: { pending: 1, ready: 3, unavailable: 1, not_licensed: 0, skipped: 1, failed: 0 },
      perDay: [
        { date: '2026-11-20', count: 1 },
        { date: '2026-11-21', count: 3 },
        { date: '2026-11-22', count: 2 },
      ],
      // (120 + 300 + 45 + 200 + 5 + 30) / 6
      averageDurationSeconds: 700 / 6,
      lastSync: { time: '2026-11-26T10:00:30.000Z', status: 'failed', error: 'rate limited' },
    });
    expect(stats.averageConfidence).toBeCloseTo(0.8, 10);
  });

  test('a range, local days, and the nulls of an empty range', async () => {
    const { env } = await archive();
    const day = JSON.parse((await inTimeZone('UTC', () => cli(['stats', '--from', '2026-11-21', '--to', '2026-11-21', '--json'], env))).stdout);
    expect(day).toMatchObject({ recordings: 3, withTranscript: 2, byDirection: { Inbound: 1, Outbound: 2 }, perDay: [{ date: '2026-11-21', count: 3 }] });
    // Days are local: in Tokyo (UTC+9) rec-1 (15:00Z on the 20th) is already the 21st, and rec-3/4
    // (18:00Z on the 21st) the 22nd.
    const tokyo = JSON.parse((await inTimeZone('Asia/Tokyo', () => cli(['stats', '--json'], env))).stdout);
    expect(tokyo.perDay).toEqual([
      { date: '2026-11-21', count: 2 },
      { date: '2026-11-22', count: 4 },
    ]);
    const tokyoDay = JSON.parse((await inTimeZone('Asia/Tokyo', () => cli(['stats', '--from', '2026-11-21', '--to', '2026-11-21', '--json'], env))).stdout);
    expect(tokyoDay.recordings).toBe(2);
    const empty = JSON.parse((await cli(['stats', '--from', '2030-01-01', '--json'], env)).stdout);
    expect(empty).toMatchObject({ recordings: 0, transcriptSuccessRate: null, averageConfidence: null, averageDurationSeconds: null, topTopics: [], perDay: [] });
    const text = await cli(['stats'], env);
    expect(text.stdout).toContain('Recordings            6');
    expect((await cli(['stats', '--from', 'soon'], env)).exitCode).toBe(2);
  });
});

describe.each(BACKENDS)('get (%s)', (backend) => {
  useBackend(backend);

  test('--json has the contract shape', async () => {
    const { env } = await archive();
    const result = await cli(['get', 'rec-1', '--json'], env);
    expect(result.exitCode).toBe(0);
    const detail = JSON.parse(result.stdout);
    for (const key of ['id', 'callId', 'sessionId', 'telephonySessionId', 'startTime', 'durationSeconds', 'direction', 'from', 'to', 'recordingType', 'contentType', 'otherRecordingIds', 'transcriptStatus', 'transcript', 'insights', 'audio']) {
      expect(detail).toHaveProperty(key);
    }
    expect(detail).toMatchObject({
      id: 'rec-1',
      callId: 'c-1',
      startTime: '2026-11-20T15:00:00.000Z',
      durationSeconds: 120,
      direction: 'Inbound',
      from: { phoneNumber: '+14155550100', name: 'Maria Lopez', extensionNumber: null },
      to: { phoneNumber: '+16505550199', name: 'Front Desk', extensionNumber: '101' },
      recordingType: 'Automatic',
      contentType: null,
      otherRecordingIds: [],
      transcriptStatus: 'ready',
      transcript: { confidence: 0.9, segments: [{ speakerName: 'Maria', start: 0, end: 4.5, text: 'Hi, I would like to make a reservation for Friday' }, {}, {}] },
      insights: {
        summary: 'Caller books a table for six on Friday',
        sentiment: 'Positive',
        nextSteps: ['Confirm by text'],
        highlights: ['party of six'],
        topics: ['reservation'],
        intent: 'booking_inquiry',
        aiScore: 8.5,
      },
      audio: { archived: false, path: null },
    });
    expect(JSON.parse((await cli(['get', 'rec-6', '--json'], env)).stdout)).toMatchObject({ transcript: null, transcriptStatus: 'unavailable', insights: { summary: null, topics: [], nextSteps: [] } });
  });

  test('transcript lines as [mm:ss] Speaker: text', async () => {
    const { env } = await archive();
    const result = await cli(['get', 'rec-1'], env);
    expect(result.stdout).toContain('[00:00] Maria: Hi, I would like to make a reservation for Friday\n[00:05] Host: Of course, how many guests?\n[00:10] Maria: A party of six please');
    expect(result.stdout).toContain('Summary: Caller books a table for six on Friday');
  });

  test('a transferred call or session shows its earliest recording and lists the others', async () => {
    const { env } = await archive();
    for (const id of ['c-transfer', 's-transfer']) {
      const detail = JSON.parse((await cli(['get', id, '--json'], env)).stdout);
      expect(detail).toMatchObject({ id: 'rec-3', otherRecordingIds: ['rec-4'] });
    }
    expect(JSON.parse((await cli(['get', 'rec-4', '--json'], env)).stdout)).toMatchObject({ id: 'rec-4', otherRecordingIds: ['rec-3'] });
    expect((await cli(['get', 'c-transfer'], env)).stdout).toContain('Also in this call: rec-4');
  });

  test('an unknown id is exit 4 with one line', async () => {
    const { env } = await archive();
    const result = await cli(['get', 'nope\u001b[2J'], env);
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toMatch(/^recordings: no recording, call or session with id 'nope\\x1b\[2J' in the archive\n/);
    expect(result.stdout).toBe('');
  });

  test('control characters in stored text never reach the terminal raw', async () => {
    const dir = tempDir();
    const db = await seedDatabaseFile(dir, [
      { id: 'x', startTime: '2026-11-20T15:00:00.000Z', from: { name: 'Evil\u001b]8;;http://x\u0007Name\u202e' }, lines: ['Eve: hi\u009b31m there'], insights: { summary: 'sum\u001b[2J' } },
    ]);
    const env = { HOME: dir, RECORDINGS_DB: db };
    for (const args of [['get', 'x'], ['search'], ['search', '--text', 'hi'], ['get', 'x', '--json'], ['search', '--json'], ['stats']]) {
      const out = (await cli(args, env)).stdout;
      expect(out, args.join(' ')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
    expect((await cli(['get', 'x'], env)).stdout).toContain('Evil\\x1b]8;;http://x\\x07Name\\u202e');
  });
});
