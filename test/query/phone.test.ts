import { describe, expect, test } from 'vitest';
import { BACKENDS, useBackend } from '../helpers/backends.js';
import { openDb } from '../../src/db/open.js';
import { filterSql, whereText } from '../../src/db/queries/filter.js';
import { cli } from '../helpers/run-cli.js';
import { seedDatabaseFile } from '../helpers/seed.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { DATA_SET } from './data-set.js';
import { writeFileSync, mkdirSync } from 'node:fs';

const tempDir = useTempDirs();

async function phoneIds(env: Record<string, string | undefined>, phone: string): Promise<string[]> {
  const result = await cli(['search', '--phone', phone, '--json'], env);
  expect(result.exitCode, phone).toBe(0);
  return (JSON.parse(result.stdout) as { recordings: { id: string }[] }).recordings.map((r) => r.id);
}

describe.each(BACKENDS)('--phone (%s)', (backend) => {
  useBackend(backend);

  test('every way of writing a number finds the same recordings', async () => {
    const dir = tempDir();
    const env = { HOME: dir, XDG_CONFIG_HOME: `${dir}/config`, RECORDINGS_DB: await seedDatabaseFile(dir, DATA_SET) };
    for (const phone of ['+1 (415) 555-0100', '415.555.0100', '4155550100', '+14155550100', '(415) 555-0100', '0100', '555-0100']) {
      expect(await phoneIds(env, phone), phone).toEqual(['rec-1']);
    }
    for (const phone of ['+44 20 7183 8750', '+442071838750', '011 44 20 7183 8750', '8750']) {
      expect(await phoneIds(env, phone), phone).toEqual(['rec-2']);
    }
    // Either party: the front desk is the caller of rec-3/4 and the callee of the others.
    expect(await phoneIds(env, '650-555-0199')).toEqual(['rec-6', 'rec-5', 'rec-4', 'rec-3', 'rec-2', 'rec-1']);
    expect(await phoneIds(env, '408 555 0123')).toEqual(['rec-4', 'rec-3']);
    expect(await phoneIds(env, '9999')).toEqual([]);
    for (const bad of ['123', '+1', 'abc', '']) {
      const result = await cli(['search', '--phone', bad], env);
      expect(result.exitCode, bad).toBe(2);
      expect(result.stderr).toMatch(/^recordings: --phone needs at least 4 digits/);
    }
  });

  test('a national number is read in the configured default region', async () => {
    const dir = tempDir();
    mkdirSync(`${dir}/config/recordings`, { recursive: true });
    writeFileSync(`${dir}/config/recordings/config.json`, JSON.stringify({ phone: { defaultRegion: 'GB' } }));
    const env = { HOME: dir, XDG_CONFIG_HOME: `${dir}/config`, RECORDINGS_DB: await seedDatabaseFile(dir, DATA_SET) };
    expect(await phoneIds(env, '020 7183 8750')).toEqual(['rec-2']);
  });
});

test('SQLite: the phone filter is two index ranges on the reversed digits, not a scan', async () => {
  const db = await openDb(`${tempDir()}/recordings.db`);
  const q = filterSql({ phoneDigits: '4155550100' }, true);
  const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT r.id FROM ${q.from} ${whereText(q.where)} ORDER BY r.key DESC`).all(q.params) as { detail: string }[];
  const details = plan.map((p) => p.detail).join('\n');
  expect(details).toContain('recordings_from_digits_idx (from_digits_reversed>? AND from_digits_reversed<?)');
  expect(details).toContain('recordings_to_digits_idx (to_digits_reversed>? AND to_digits_reversed<?)');
  expect(details).not.toMatch(/^SCAN r$/m);
  db.close();
});
