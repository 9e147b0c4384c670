import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { peakExportRssMb, seedSynthetic } from '../../bench/export-memory.js';
import { cli } from '../helpers/run-cli.js';
import { seedDatabaseFile } from '../helpers/seed.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { DATA_SET } from './data-set.js';
import { BACKENDS, queryRows, useBackend } from '../helpers/backends.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { copyArchive } from '../../src/db/copy/copy-archive.js';
import { openStore } from '../../src/db/open-store.js';

const tempDir = useTempDirs();
const HEADER = 'id,call_id,start_time,duration_seconds,direction,from_number,from_name,to_number,to_name,recording_type,transcript_status,sentiment,topics,transcript';

async function archive(extra: Parameters<typeof seedDatabaseFile>[1] = []) {
  const dir = tempDir();
  const db = await seedDatabaseFile(dir, [...DATA_SET, ...extra]);
  return { dir, db, env: { HOME: dir, XDG_CONFIG_HOME: `${dir}/config`, RECORDINGS_DB: db } };
}

/** A small RFC 4180 reader for checking what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), (i += 1);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), (i += 1);
    } else cell += c;
  }
  expect(cell).toBe('');
  return rows;
}

describe.each(BACKENDS)('export --format csv (%s)', (backend) => {
  useBackend(backend);

  test('header and columns in the contract order, RFC 4180 quoting, CRLF, no BOM', async () => {
    const { env } = await archive();
    const result = await cli(['export'], env);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.startsWith(`${HEADER}\r\n`)).toBe(true);
    const rows = parseCsv(result.stdout);
    expect(rows[0]).toEqual(HEADER.split(','));
    expect(rows).toHaveLength(DATA_SET.length + 1);
    const rec2 = rows.find((r) => r[0] === 'rec-2')!;
    expect(rec2).toEqual([
      'rec-2',
      'c-2',
      '2026-11-21T09:30:00.000Z',
      '300',
      'Inbound',
      '+442071838750',
      'Oliver Smith',
      '+16505550199',
      'Front Desk',
      'Automatic',
      'ready',
      'Negative',
      'complaint; cancellation; reservation',
      'My delivery arrived cold and I want a refund\nHost: I am sorry, I will refund the order\nAlso cancel my reservations for next week'.replace('Host: ', ''),
    ]);
    expect(result.stdout).toContain('"My delivery arrived cold and I want a refund\n');
  });

  test('formula injection is neutralised, E.164 numbers and non-ASCII stay intact', async () => {
    const { env } = await archive([
      {
        id: 'evil',
        startTime: '2026-11-23T10:00:00.000Z',
        from: { phoneNumber: '+14155550111', name: '=HYPERLINK("http://x","click")' },
        to: { phoneNumber: '+16505550199', name: '@SUM(1+1)' },
        lines: ['-2+3 is what I said, "quoted" text'],
        insights: { topics: ['+cmd'] },
      },
      { id: 'intl', startTime: '2026-11-23T11:00:00.000Z', from: { name: 'José Müller 李雷 🍕' }, lines: ['Grüße, ça va? Ünïcödé'] },
    ]);
    const result = await cli(['export', '--text', 'said OR Grüße'], env);
    const rows = parseCsv(result.stdout);
    const evil = rows.find((r) => r[0] === 'evil')!;
    expect(evil[5]).toBe('+14155550111');
    expect(evil[6]).toBe(`'=HYPERLINK("http://x","click")`);
    expect(evil[8]).toBe("'@SUM(1+1)");
    expect(evil[12]).toBe("'+cmd");
    expect(evil[13]).toBe(`'-2+3 is what I said, "quoted" text`);
    expect(result.stdout).toContain(`"'=HYPERLINK(""http://x"",""click"")"`);
    const intl = rows.find((r) => r[0] === 'intl')!;
    expect(intl[6]).toBe('José Müller 李雷 🍕');
    expect(intl[13]).toBe('Grüße, ça va? Ünïcödé');
  });

  test('--bom starts with a UTF-8 byte-order mark', async () => {
    const { env } = await archive();
    const result = await cli(['export', '--bom'], env);
    expect(result.stdout.startsWith(`\ufeff${HEADER}\r\n`)).toBe(true);
  });
});

describe.each(BACKENDS)('export --limit (%s)', (backend) => {
  useBackend(backend);

  test('without --limit every matching row is written, and --help says so rather than "default 50"', async () => {
    const extra = Array.from({ length: 60 }, (_, i) => ({ id: `bulk-${i}`, startTime: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString() }));
    const { env } = await archive(extra);
    const all = await cli(['export', '--format', 'ndjson'], env);
    expect(all.stdout.trimEnd().split('\n')).toHaveLength(DATA_SET.length + 60);
    expect((await cli(['export', '--format', 'ndjson', '--limit', '5'], env)).stdout.trimEnd().split('\n')).toHaveLength(5);

    const help = (await cli(['export', '--help'], env)).stdout;
    expect(help).not.toContain('default 50');
    expect(help).toMatch(/--limit <n> +at most this many rows \(default: every matching row\)/);
    // search pages: 50 hits unless --limit says otherwise.
    expect((await cli(['search', '--help'], env)).stdout).toMatch(/--limit <n> +rows per page \(default 50\)/);
  });
});

describe.each(BACKENDS)('export --format json|ndjson (%s)', (backend) => {
  useBackend(backend);

  test('exactly the contract keys, topics as an array, numbers as numbers; filters and sort as search', async () => {
    const { env } = await archive();
    const json = JSON.parse((await cli(['export', '--format', 'json', '--direction', 'outbound', '--sort', 'oldest'], env)).stdout) as Record<string, unknown>[];
    expect(json.map((r) => r.id)).toEqual(['rec-3', 'rec-4']);
    expect(Object.keys(json[0]!)).toEqual(HEADER.split(','));
    expect(json[0]).toMatchObject({ duration_seconds: 45, topics: ['catering'], sentiment: 'Neutral', transcript: 'We need catering platters for a reservation of forty' });
    expect(json[1]).toMatchObject({ topics: [], sentiment: null, transcript: null, transcript_status: 'pending' });

    const ndjson = (await cli(['export', '--format', 'ndjson', '--limit', '2', '--offset', '1'], env)).stdout;
    const lines = ndjson.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((r) => r.id)).toEqual(['rec-5', 'rec-4']);
    expect(Object.keys(lines[0]!)).toEqual(HEADER.split(','));

    expect(JSON.parse((await cli(['export', '--format', 'json', '--text', 'nothingmatchesthis'], env)).stdout)).toEqual([]);
  });
});

describe.each(BACKENDS)('export --output (%s)', (backend) => {
  useBackend(backend);

  test('written atomically as a 0600 file, with an audit log row', async () => {
    const { dir, db, env } = await archive();
    const target = join(dir, 'out.csv');
    writeFileSync(target, 'old content', { mode: 0o644 });
    const result = await cli(['export', '--output', target, '--sentiment', 'negative'], env);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(parseCsv(readFileSync(target, 'utf8')).map((r) => r[0])).toEqual(['id', 'rec-2']);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const audit = await queryRows<{ actor: string; details: string }>(db, "SELECT action, actor, details FROM audit_log WHERE action = 'export'");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor.length).toBeGreaterThan(0);
    expect(JSON.parse(audit[0]!.details)).toEqual({ filters: { sentiment: 'negative' }, format: 'csv', rows: 1, output: target });
  });

  test('a failed export leaves the old file and the database as they were', async () => {
    const { dir, db, env } = await archive();
    const missing = await cli(['export', '--output', join(dir, 'no-such-folder', 'out.csv')], env);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/^recordings: cannot write .*its folder does not exist\n$/);

    const target = join(dir, 'keep.csv');
    writeFileSync(target, 'old content');
    const bad = await cli(['export', '--output', target, '--from', 'someday'], env);
    expect(bad.exitCode).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe('old content');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect((await queryRows(db, 'SELECT count(*) AS n FROM audit_log'))[0]).toEqual({ n: 0 });
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });
});

test('SQLite: bench/export-memory.ts at 20,000 rows: the spawned export stays under 150 MB', async () => {
  const dir = tempDir();
  const path = join(dir, 'recordings.db');
  await seedSynthetic(path, 20_000);
  const result = await peakExportRssMb(path, 'csv');
  expect(result.exitCode).toBe(0);
  expect(result.peakMb).toBeGreaterThan(10);
  expect(result.peakMb).toBeLessThan(150);
  expect(result.bytes).toBeGreaterThan(20_000 * 100);
});

test('PostgreSQL: export reads through a cursor; at 20,000 rows the spawned export stays under 150 MB too', async () => {
  const dir = tempDir();
  const path = join(dir, 'recordings.db');
  await seedSynthetic(path, 20_000);
  const url = await freshPostgresDatabase();
  const [source, target] = [await openStore(path), await openStore(url, { create: true })];
  try {
    await copyArchive(source, target, { now: () => new Date() });
  } finally {
    await source.close();
    await target.close();
  }
  const result = await peakExportRssMb(url, 'csv');
  expect(result.exitCode).toBe(0);
  expect(result.peakMb).toBeGreaterThan(10);
  expect(result.peakMb).toBeLessThan(150);
  expect(result.bytes).toBeGreaterThan(20_000 * 100);
});
