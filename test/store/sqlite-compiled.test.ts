import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/open.js';
import { WRITTEN_FIELDS, recordingValues } from '../../src/db/common/recording-upsert.js';
import { compile, drizzleOf, placeholders } from '../../src/db/sqlite/drizzle.js';
import { recordings } from '../../src/db/sqlite/schema.js';
import { callRow } from '../helpers/rows.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function database() {
  const db = await openDb(join(tempDir(), 'recordings.db'));
  closers.push(() => db.close());
  return { db, d: drizzleOf(db) };
}

/**
 * The statements that run once per row of a page are built by drizzle's query builder and filled by
 * a plan made once (src/db/sqlite/drizzle.ts, compile): they must store what drizzle's own prepared
 * statement would, the schema's defaults and a boolean column's 0/1 included.
 */
describe('compiled statements (SQLite only)', () => {
  it('store what drizzle would: values by name, booleans as 0/1, the schema defaults for the rest', async () => {
    const { db, d } = await database();
    const insert = compile<ReturnType<typeof recordingValues>>(db, d.insert(recordings).values(placeholders(WRITTEN_FIELDS)));
    expect(insert.run(recordingValues(callRow({ id: 'a', shortRecording: true }), 1_000, '2026-11-21T00:00:00.000Z')).changes).toBe(1);
    expect(db.prepare('SELECT short_recording, transcript_attempts, topics, legal_hold, audio_attempts, from_digits_reversed FROM recordings').get()).toEqual({
      short_recording: 1,
      transcript_attempts: 0,
      topics: '[]',
      legal_hold: 0,
      audio_attempts: 0,
      from_digits_reversed: '00105555141',
    });
    const [row] = d.select().from(recordings).all();
    expect(row).toMatchObject({ id: 'a', key: 1_000, shortRecording: true, legalHold: false, fromName: 'Ana Souza', toExtension: '101' });
  });

  it('refuse to run without a value for every placeholder, writing nothing', async () => {
    const { db, d } = await database();
    const insert = compile<Record<string, unknown>>(db, d.insert(recordings).values(placeholders(WRITTEN_FIELDS)));
    const { callLogJson: _left, ...incomplete } = recordingValues(callRow(), 1, '2026-11-21T00:00:00.000Z');
    expect(() => insert.run(incomplete)).toThrow('no value for callLogJson');
    expect(db.prepare('SELECT count(*) FROM recordings').pluck().get()).toBe(0);
  });

  it('give the first column of the first row, or undefined when there is none', async () => {
    const { db, d } = await database();
    const keyOf = compile<{ id: string }>(db, d.select({ key: recordings.key }).from(recordings).where(eq(recordings.id, sql.placeholder('id'))));
    expect(keyOf.value({ id: 'a' })).toBeUndefined();
    compile<ReturnType<typeof recordingValues>>(db, d.insert(recordings).values(placeholders(WRITTEN_FIELDS))).run(recordingValues(callRow({ id: 'a' }), 42, '2026-11-21T00:00:00.000Z'));
    expect(keyOf.value({ id: 'a' })).toBe(42);
  });
});
