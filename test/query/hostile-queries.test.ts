import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cli } from '../helpers/run-cli.js';
import { seedDatabaseFile } from '../helpers/seed.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { DATA_SET } from './data-set.js';
import { BACKENDS, useBackend } from '../helpers/backends.js';
import { AT_THE_LIMITS, HOSTILE_QUERIES } from './text-limits.js';

const tempDir = useTempDirs();

async function archive() {
  const dir = tempDir();
  return { HOME: dir, XDG_CONFIG_HOME: `${dir}/config`, RECORDINGS_DB: await seedDatabaseFile(dir, DATA_SET) };
}

describe.each(BACKENDS)('any --text is safe (%s)', (backend) => {
  useBackend(backend);

  test('FTS syntax that does not parse is searched as plain words', async () => {
    const env = await archive();
    const cases: [string, string[]][] = [
      ['"reservation', ['rec-1', 'rec-2', 'rec-3']],
      ['reservation"', ['rec-1', 'rec-2', 'rec-3']],
      ['AND', ['rec-2']],
      ['refund AND', ['rec-2']],
      ['OR refund', []],
      ['NOT', []],
      ['NEAR', []],
      ['NEAR(', []],
      ['*', []],
      ['refund*', ['rec-2']],
      ['-refund', ['rec-2']],
      ['cold-delivery', ['rec-2']],
      ['delivery-cold', []],
      ['delivery-arrived', ['rec-2']],
      ['transcript:refund', ['rec-2']],
      ['speaker:refund', []],
      ['summary:refund', ['rec-2']],
      ['parties:oliver', ['rec-2']],
      ['(((', []],
      ['))', []],
      ['^', []],
      ['"', []],
      ["'; DROP TABLE recordings; --", []],
      ['réservation', ['rec-1', 'rec-2', 'rec-3']],
      ['予約 🍕', []],
      ['\u0000\u001b[2J', []],
    ];
    for (const [text, expected] of cases) {
      const result = await cli(['search', '--text', text, '--json'], env);
      expect(result.exitCode, text).toBe(0);
      const found = (JSON.parse(result.stdout) as { recordings: { id: string }[] }).recordings.map((r) => r.id).sort();
      expect(found, text).toEqual(expected);
    }
    // The archive is intact after all of that.
    expect(JSON.parse((await cli(['search', '--json'], env)).stdout).total).toBe(DATA_SET.length);
  });

  test('a query beyond what a search may cost is a usage error naming the limit; one at the limits is searched', async () => {
    const env = await archive();
    // Each of these keeps FTS5 busy for minutes on a few thousand calls.
    for (const [text, message, hint] of HOSTILE_QUERIES) {
      const result = await cli(['search', '--text', text, '--json'], env);
      expect(result.exitCode, message).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`recordings: --text ${message}\n${hint}\n`);
    }
    const atLimits = await cli(['search', '--text', AT_THE_LIMITS, '--json'], env);
    expect(atLimits.exitCode, atLimits.stderr).toBe(0);
    expect((JSON.parse(atLimits.stdout) as { recordings: { id: string }[] }).recordings.map((r) => r.id).sort()).toEqual(['rec-1', 'rec-2', 'rec-3']);
    const exported = await cli(['export', '--text', HOSTILE_QUERIES[0]![0], '--format', 'json'], env);
    expect(exported.exitCode).toBe(2);
    expect(exported.stderr).toMatch(/^recordings: --text is too long: 10,001 characters, at most 1,000\n/);
  });

  test('empty text is a usage error, not "everything"', async () => {
    const env = await archive();
    for (const text of ['', ' ', '\t\n']) {
      const result = await cli(['search', '--text', text], env);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/^recordings: --text is empty\n/);
    }
  });

  test('property: random strings through runCli exit 0 or 2 with one line of stderr, never a stack', async () => {
    const env = await archive();
    const fts = fc.constantFrom('AND', 'OR', 'NOT', 'NEAR', '(', ')', '"', '*', '-', ':', '^', '+', 'transcript:', 'summary:', '{', '}', ',', 'refund', 'reservation');
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.array(fc.oneof(fts, fc.string({ maxLength: 6 })), { maxLength: 12 }).map((parts) => parts.join(' ')),
      fc.array(fts, { maxLength: 20 }).map((parts) => parts.join('')),
    );
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom('relevance', 'newest', 'oldest'), async (query, sort) => {
        const result = await cli(['search', '--text', query, '--sort', sort, '--json'], env);
        expect([0, 2]).toContain(result.exitCode);
        if (result.exitCode === 0) {
          expect(result.stderr).toBe('');
          expect(JSON.parse(result.stdout)).toHaveProperty('total');
        } else {
          expect(result.stderr).toMatch(/^recordings: [^\n]*\n([^\n]*\n)?$/);
        }
      }),
      { numRuns: 150 },
    );
  });
});
