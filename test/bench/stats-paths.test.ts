import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAccount } from '../../bench/dataset.js';
import { openDb } from '../../src/db/open.js';
import { computeStats } from '../../src/db/queries/stats.js';

/**
 * `stats` counts the whole archive with a GROUP BY over one index and a range with FILTERs over
 * another (BENCHMARKS.md): on the same rows both must give the same answer, unusual values included.
 */
describe('stats: whole-archive and range paths agree (SQLite only: PostgreSQL in test/store/contract.ts)', () => {
  let dir: string;
  let db: Database;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rec-'));
    db = await openDb(join(dir, 'recordings.db'));
    writeAccount(db, 1500);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const everything = { fromMs: 0, toMs: Date.parse('2100-01-01') };

  it('on the generated account', () => {
    const whole = computeStats(db, { fromMs: null, toMs: null });
    expect(whole.recordings).toBe(1500);
    expect(whole.withTranscript).toBeGreaterThan(0);
    expect(Object.values(whole.byDirection).reduce((a, b) => a + b, 0)).toBe(1500);
    expect(computeStats(db, everything)).toEqual(whole);
  });

  it('with values outside the known ones and a confidence', () => {
    const keys = db.prepare('SELECT key FROM recordings ORDER BY key LIMIT 3').pluck().all() as number[];
    db.prepare("UPDATE recordings SET direction = 'Internal', sentiment = 'Mixed', transcript_confidence = 0.5 WHERE key = ?").run(keys[0]);
    db.prepare("UPDATE recordings SET transcript_status = 'weird', transcript_confidence = 0.25 WHERE key = ?").run(keys[1]);
    const whole = computeStats(db, { fromMs: null, toMs: null });
    expect(whole.byDirection.Internal).toBe(1);
    expect(whole.sentiment.Mixed).toBe(1);
    expect(whole.byTranscriptStatus.weird).toBe(1);
    expect(whole.averageConfidence).toBeCloseTo(0.375);
    expect(computeStats(db, everything)).toEqual(whole);
  });
});
