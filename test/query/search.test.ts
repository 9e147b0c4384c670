import { describe, expect, test } from 'vitest';
import { cli } from '../helpers/run-cli.js';
import { seedDatabaseFile } from '../helpers/seed.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { DATA_SET } from './data-set.js';
import { BACKENDS, useBackend } from '../helpers/backends.js';

const tempDir = useTempDirs();

async function archive() {
  const dir = tempDir();
  const db = await seedDatabaseFile(dir, DATA_SET);
  return { HOME: dir, XDG_CONFIG_HOME: `${dir}/config`, RECORDINGS_DB: db };
}

async function searchJson(env: Record<string, string | undefined>, ...args: string[]) {
  const result = await cli(['search', ...args, '--json'], env);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout) as { total: number; limit: number; offset: number; recordings: Record<string, unknown>[] };
}

const ids = (r: { recordings: Record<string, unknown>[] }) => r.recordings.map((x) => x.id);

describe.each(BACKENDS)('search --text (%s)', (backend) => {
  useBackend(backend);

  test('word forms match: reservations finds reservation and the reverse', async () => {
    const env = await archive();
    expect(new Set(ids(await searchJson(env, '--text', 'reservations')))).toEqual(new Set(['rec-1', 'rec-2', 'rec-3']));
    expect(ids(await searchJson(env, '--text', 'refunded'))).toEqual(['rec-2']);
  });

  test('ranks by bm25, and the JSON snippet marks matches with **', async () => {
    const env = await archive();
    const result = await searchJson(env, '--text', 'refund');
    expect(result.recordings[0]!.snippet).toContain('**refund**');
    const dir = tempDir();
    const filler = 'we talked about the weather the menu the parking and the opening hours for a while';
    const db = await seedDatabaseFile(dir, [
      { id: 'old-strong', startTime: '2026-10-01T10:00:00.000Z', lines: ['Caller: refund please, I need a refund, the refund is overdue'] },
      { id: 'middle-weak', startTime: '2026-10-02T10:00:00.000Z', lines: [`Caller: ${filler}`, `Host: ${filler} and then a refund`] },
      { id: 'new-weak', startTime: '2026-10-03T10:00:00.000Z', lines: [`Caller: ${filler}`, `Host: ${filler} maybe a refund`, `Caller: ${filler}`] },
      { id: 'unrelated', startTime: '2026-10-04T10:00:00.000Z', lines: ['Caller: what time do you open'] },
    ]);
    const own = { HOME: dir, RECORDINGS_DB: db };
    expect(ids(await searchJson(own, '--text', 'refund'))).toEqual(['old-strong', 'middle-weak', 'new-weak']);
    expect(ids(await searchJson(own, '--text', 'refund', '--sort', 'newest'))).toEqual(['new-weak', 'middle-weak', 'old-strong']);
    expect(ids(await searchJson(own, '--text', 'refund', '--sort', 'oldest'))).toEqual(['old-strong', 'middle-weak', 'new-weak']);
  });

  test("each hit's snippet quotes that recording's own text", async () => {
    const dir = tempDir();
    const db = await seedDatabaseFile(dir, [
      { id: 'first', startTime: '2026-10-01T10:00:00.000Z', lines: ['Caller: the refund for the birthday dinner'] },
      { id: 'second', startTime: '2026-10-02T10:00:00.000Z', lines: ['Caller: a refund of the catering deposit'] },
      { id: 'third', startTime: '2026-10-03T10:00:00.000Z', lines: ['Caller: where is my refund for the gift card'] },
    ]);
    const result = await searchJson({ HOME: dir, RECORDINGS_DB: db }, '--text', 'refund', '--sort', 'newest');
    const snippets = Object.fromEntries(result.recordings.map((hit) => [hit.id, String(hit.snippet).replaceAll('**', '')]));
    expect(snippets.first).toContain('birthday dinner');
    expect(snippets.second).toContain('catering deposit');
    expect(snippets.third).toContain('gift card');
  });

  test('party names and summaries are searched too', async () => {
    const env = await archive();
    expect(ids(await searchJson(env, '--text', 'Oliver'))).toEqual(['rec-2']);
    expect(ids(await searchJson(env, '--text', 'books'))).toEqual(['rec-1']);
  });

  test('JSON has the contract fields', async () => {
    const env = await archive();
    const result = await searchJson(env, '--text', 'guests');
    expect(result).toMatchObject({ total: 1, limit: 50, offset: 0 });
    expect(result.recordings[0]).toMatchObject({
      id: 'rec-1',
      callId: 'c-1',
      startTime: '2026-11-20T15:00:00.000Z',
      durationSeconds: 120,
      direction: 'Inbound',
      from: { phoneNumber: '+14155550100', name: 'Maria Lopez', extensionNumber: null },
      to: { phoneNumber: '+16505550199', name: 'Front Desk', extensionNumber: '101' },
      transcriptStatus: 'ready',
      hasTranscript: true,
      sentiment: 'Positive',
      topics: ['reservation'],
    });
    expect(result.recordings[0]!.snippet).toContain('**guests**');
  });

  test('the table highlights matches in colour on a terminal and with ** when piped', async () => {
    const env = await archive();
    const piped = await cli(['search', '--text', 'guests'], env);
    expect(piped.stdout).toContain('**guests**');
    expect(piped.stdout).not.toContain('\u001b[');
    const coloured = await cli(['search', '--text', 'guests'], { ...env, FORCE_COLOR: '1' });
    expect(coloured.stdout).toContain('\u001b[1m\u001b[33mguests');
    const noColor = await cli(['search', '--text', 'guests'], { ...env, FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(noColor.stdout).not.toContain('\u001b[');
    const flag = await cli(['--no-color', 'search', '--text', 'guests'], { ...env, FORCE_COLOR: '1' });
    expect(flag.stdout).not.toContain('\u001b[');
  });
});

describe.each(BACKENDS)('filters (%s)', (backend) => {
  useBackend(backend);

  test('each filter alone', async () => {
    const env = await archive();
    const all = await searchJson(env);
    expect(all.total).toBe(6);
    expect(ids(all)).toEqual(['rec-6', 'rec-5', 'rec-4', 'rec-3', 'rec-2', 'rec-1']);
    expect(ids(await searchJson(env, '--direction', 'outbound'))).toEqual(['rec-4', 'rec-3']);
    expect(ids(await searchJson(env, '--direction', 'INBOUND'))).toEqual(['rec-6', 'rec-5', 'rec-2', 'rec-1']);
    expect(ids(await searchJson(env, '--has-transcript'))).toEqual(['rec-3', 'rec-2', 'rec-1']);
    expect(ids(await searchJson(env, '--no-transcript'))).toEqual(['rec-6', 'rec-5', 'rec-4']);
    expect(ids(await searchJson(env, '--status', 'skipped'))).toEqual(['rec-5']);
    expect(ids(await searchJson(env, '--sentiment', 'negative'))).toEqual(['rec-2']);
    expect(ids(await searchJson(env, '--topic', 'reservation'))).toEqual(['rec-2', 'rec-1']);
    expect(ids(await searchJson(env, '--topic', 'Catering'))).toEqual(['rec-3']);
    expect(ids(await searchJson(env, '--from', '2026-11-21T09:30:00Z', '--to', '2026-11-21T18:00:00Z'))).toEqual(['rec-3', 'rec-2']);
    expect(ids(await searchJson(env, '--phone', '0123'))).toEqual(['rec-4', 'rec-3']);
  });

  test('a bare date in --to includes that whole local day', async () => {
    const env = await archive();
    const before = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      expect(ids(await searchJson(env, '--from', '2026-11-21', '--to', '2026-11-21'))).toEqual(['rec-4', 'rec-3', 'rec-2']);
      // In Tokyo the 21st runs from 15:00Z on the 20th to 15:00Z on the 21st.
      process.env.TZ = 'Asia/Tokyo';
      expect(ids(await searchJson(env, '--from', '2026-11-21', '--to', '2026-11-21'))).toEqual(['rec-2', 'rec-1']);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  test('filters combine with AND', async () => {
    const env = await archive();
    expect(ids(await searchJson(env, '--text', 'reservation', '--direction', 'inbound'))).toEqual(expect.arrayContaining(['rec-1', 'rec-2']));
    expect(ids(await searchJson(env, '--text', 'reservation', '--direction', 'inbound', '--sentiment', 'positive'))).toEqual(['rec-1']);
    expect(ids(await searchJson(env, '--text', 'reservation', '--topic', 'catering', '--has-transcript'))).toEqual(['rec-3']);
    expect(ids(await searchJson(env, '--phone', '+1 650 555 0199', '--status', 'ready', '--to', '2026-11-21T12:00:00Z'))).toEqual(['rec-2', 'rec-1']);
    expect((await searchJson(env, '--text', 'refund', '--sentiment', 'positive')).total).toBe(0);
  });

  test('paging: limit and offset, total counts every match', async () => {
    const env = await archive();
    const first = await searchJson(env, '--limit', '2');
    expect(first).toMatchObject({ total: 6, limit: 2, offset: 0 });
    expect(ids(first)).toEqual(['rec-6', 'rec-5']);
    const third = await searchJson(env, '--limit', '2', '--offset', '4');
    expect(ids(third)).toEqual(['rec-2', 'rec-1']);
    const past = await searchJson(env, '--limit', '2', '--offset', '10');
    expect(past).toMatchObject({ total: 6, recordings: [] });
    const paged = [];
    for (let offset = 0; offset < 3; offset += 1) paged.push(...ids(await searchJson(env, '--text', 'reservation', '--limit', '1', '--offset', String(offset))));
    expect(paged).toEqual(ids(await searchJson(env, '--text', 'reservation')));
  });

  test('contradicting or bad filters are exit 2 with one line', async () => {
    const env = await archive();
    for (const args of [
      ['--has-transcript', '--no-transcript'],
      ['--phone', '12'],
      ['--from', 'last tuesday'],
      ['--to', '2026-02-30'],
      ['--from', '2026-11-22', '--to', '2026-11-21'],
      ['--direction', 'sideways'],
      ['--limit', '0'],
      ['--json', '--csv'],
      ['--text', '   '],
    ]) {
      const result = await cli(['search', ...args], env);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^recordings: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
