import { afterEach, describe, expect, test } from 'vitest';
import { BACKENDS, useBackend } from '../helpers/backends.js';
import { cli } from '../helpers/run-cli.js';
import { type SeedRecording, seedDatabaseFile } from '../helpers/seed.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/**
 * The search table on a terminal (docs/cli.md, "recordings search"): at 80 columns names and
 * numbers stay legible and each hit takes a few lines, the snippet on its own indented line.
 */
const tempDir = useTempDirs();
const zoneBefore = process.env.TZ;
afterEach(() => {
  if (zoneBefore === undefined) delete process.env.TZ;
  else process.env.TZ = zoneBefore;
});

const NAMES = ['Samuel Williams', 'Søren Kristensen', '王伟', 'María José García-Fernández de la Vega', 'SANTA ROSA CA', 'Nguyễn Văn An'];
const NUMBERS = ['+14085559867', '+15105550187', '+442079469767', '+525503024653', '+17075556268', '+16505550163'];

function seeds(count: number): SeedRecording[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `27001000${String(i).padStart(5, '0')}`,
    callId: `c-${i}`,
    startTime: new Date(Date.UTC(2026, 10, 20, 15, 0) + i * 3_600_000).toISOString(),
    durationSeconds: 30 + i * 7,
    direction: i % 3 === 0 ? 'Outbound' : 'Inbound',
    from: { phoneNumber: NUMBERS[i % NUMBERS.length]!, name: NAMES[i % NAMES.length]! },
    to: { phoneNumber: NUMBERS[(i + 1) % NUMBERS.length]!, name: NAMES[(i + 2) % NAMES.length]! },
    lines: [`Guest: Hello, I need to cancel my reservation for Monday at 1:00 for a party of ${i + 2}, and move the gift card balance to my account`],
  }));
}

async function archive(extra: SeedRecording[] = [], count = 60) {
  const dir = tempDir();
  const db = await seedDatabaseFile(dir, [...seeds(count), ...extra]);
  // No colour unless a test asks: the assertions read plain text.
  return { HOME: dir, XDG_CONFIG_HOME: `${dir}/config`, RECORDINGS_DB: db, NO_COLOR: '1' } as Record<string, string | undefined>;
}

/** Columns a line takes: colour codes none, the CJK characters of the data set two. */
function columns(line: string): number {
  return [...line.replace(/\u001b\[[0-9;]*m/g, '')].reduce((sum, c) => sum + (/[\u4e00-\u9fff]/.test(c) ? 2 : /\p{M}/u.test(c) ? 0 : 1), 0);
}

/** The listing's lines per hit: a hit starts with its id at the left edge. */
function hitsOf(stdout: string): string[][] {
  const lines = stdout.trimEnd().split('\n').slice(1, -1);
  const hits: string[][] = [];
  for (const line of lines) {
    if (/^\d/.test(line)) hits.push([line]);
    else hits.at(-1)!.push(line);
  }
  return hits;
}

describe.each(BACKENDS)('at 80 columns (%s)', (backend) => {
  useBackend(backend);

  test('no line is wider than the terminal; each hit is one line of facts, at most one more of parties, then its snippet', async () => {
    const env = await archive();
    process.env.TZ = 'America/Los_Angeles';
    const result = await cli(['search', '--text', 'reservation'], env, { terminal: { columns: 80 } });
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    for (const line of lines) expect(columns(line), line).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^Id +Start +Dir +Length +From → To$/);
    expect(lines.at(-1)).toBe('1–50 of 60 (--offset 50 for more)');
    const hits = hitsOf(result.stdout);
    expect(hits).toHaveLength(50);
    // The default 50 hits take about 200 lines, not 400.
    expect(lines.length).toBeLessThanOrEqual(50 * 4 + 2);
    for (const hit of hits) {
      // id, local start, direction and length whole on the first line.
      expect(hit[0]).toMatch(/^27001000\d{5} {2}2026-11-\d\d \d\d:\d\d {2}(in |out) +\d+:\d\d {2}\S/);
      // The snippet on its own indented line, with the match marked.
      const snippet = hit.filter((line) => line.startsWith('    '));
      expect(snippet.length).toBeGreaterThanOrEqual(1);
      expect(snippet.join(' ')).toContain('**reservation**');
      expect(hit.length - snippet.length).toBeLessThanOrEqual(2);
    }
  });

  test('numbers are never cut; a long name is cut with … to keep the number whole', async () => {
    const env = await archive();
    process.env.TZ = 'Asia/Kolkata';
    const { stdout } = await cli(['search', '--text', 'reservation', '--limit', '60'], env, { terminal: { columns: 80 } });
    for (const hit of hitsOf(stdout)) {
      const text = hit.join('\n');
      const numbers = text.match(/\+\d+/g) ?? [];
      expect(numbers).toHaveLength(2);
      for (const number of numbers) expect(NUMBERS).toContain(number);
    }
    // 'María José García-Fernández de la Vega' and a number are wider than the 34 columns left.
    expect(stdout).toMatch(/^ *(→ )?María José Garc[^\n+]*… \+\d+$/m);
    expect(stdout).not.toContain('de la Vega');
    expect(stdout).toContain('王伟 +');
  });

  test('the start time is local (Kolkata is UTC+5:30)', async () => {
    const env = await archive();
    process.env.TZ = 'Asia/Kolkata';
    const { stdout } = await cli(['search', '--sort', 'oldest', '--limit', '1'], env, { terminal: { columns: 80 } });
    expect(hitsOf(stdout)[0]![0]).toMatch(/^2700100000000 {2}2026-11-20 20:30 {2}out/);
  });

  test('on a colour terminal matches are bold yellow, and no colour runs past its line', async () => {
    const env = await archive();
    const { stdout } = await cli(['search', '--text', '"gift card"', '--limit', '5'], { ...env, NO_COLOR: undefined }, { terminal: { columns: 80 } });
    // SQLite's snippet marks the phrase, PostgreSQL's each of its words (docs/cli.md, "PostgreSQL": snippets may differ).
    const marked = (text: string) => `\u001b[1m\u001b[33m${text}\u001b[39m\u001b[22m`;
    expect(stdout).toContain(backend === 'sqlite' ? marked('gift card') : `${marked('gift')} ${marked('card')}`);
    expect(stdout).not.toContain('**');
    for (const line of stdout.split('\n')) {
      // Every colour opened on a line is closed on it: a pager or the next line never inherits it.
      expect((line.match(/\u001b\[33m/g) ?? []).length).toBe((line.match(/\u001b\[39m/g) ?? []).length);
    }
  });
});

describe.each(BACKENDS)('other widths (%s)', (backend) => {
  useBackend(backend);

  test('wide: parties on the facts line, two lines a hit', async () => {
    const env = await archive([], 6);
    const { stdout } = await cli(['search', '--text', 'reservation'], env, { terminal: { columns: 160 } });
    for (const hit of hitsOf(stdout)) {
      expect(hit).toHaveLength(2);
      expect(hit[0]).toMatch(/\+\d+ → .* \+\d+$/);
    }
  });

  test('narrow (60): the parties go on their own indented lines, still within the width', async () => {
    const env = await archive([], 6);
    const { stdout } = await cli(['search', '--text', 'reservation'], env, { terminal: { columns: 60 } });
    expect(stdout.split('\n')[0]).toMatch(/^Id +Start +Dir +Length$/);
    for (const line of stdout.trimEnd().split('\n')) expect(columns(line)).toBeLessThanOrEqual(60);
    for (const hit of hitsOf(stdout)) expect(hit[1]).toMatch(/^ {4}\S.* \+\d+$/);
  });

  test('piped: never wrapped or cut, one line of facts and one of snippet, ISO UTC times', async () => {
    const env = await archive([], 6);
    process.env.TZ = 'America/Los_Angeles';
    const { stdout } = await cli(['search', '--text', 'reservation'], env);
    for (const hit of hitsOf(stdout)) {
      expect(hit).toHaveLength(2);
      expect(hit[0]).toMatch(/^27001000\d{5} {2}2026-11-\d\dT\d\d:\d\d:00Z {2}/);
      expect(hit[1]).toMatch(/^ {4}…?.*\*\*reservation\*\*/);
    }
    expect(stdout).toContain('María José García-Fernández de la Vega +');
  });

  test('a transcript that is not ready says so on the snippet line', async () => {
    const env = await archive([{ id: '2700199999999', startTime: '2026-11-25T10:00:00.000Z', status: 'pending', from: { name: 'Pending Person' } }], 0);
    const { stdout } = await cli(['search'], env, { terminal: { columns: 80 } });
    expect(hitsOf(stdout)[0]!.at(-1)).toBe('    (transcript pending)');
  });

  test('a megabyte display name is cut, and the listing stays quick and within the width', async () => {
    const env = await archive([{ id: 'huge', startTime: '2026-11-25T10:00:00.000Z', from: { name: `Huge ${'x'.repeat(1_000_000)}` }, lines: ['Guest: a reservation'] }], 0);
    const started = Date.now();
    const { stdout, exitCode } = await cli(['search', '--text', 'reservation'], env, { terminal: { columns: 80 } });
    expect(exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stdout.length).toBeLessThan(2_000);
    for (const line of stdout.split('\n')) expect(columns(line)).toBeLessThanOrEqual(80);
  });
});
