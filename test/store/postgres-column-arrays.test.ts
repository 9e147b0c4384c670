import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyArchive } from '../../src/db/copy/copy-archive.js';
import type { CopiedRecording } from '../../src/db/copy/types.js';
import { openStore } from '../../src/db/open-store.js';
import type { ArchiveStore } from '../../src/db/store.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { callRow, transcriptRow } from '../helpers/rows.js';
import { SEED_NOW } from '../helpers/seed.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/*
 * PostgreSQL takes a page of rows as one array per column (src/db/postgres/column-arrays.ts), which
 * node-postgres writes as array literals: what an array literal treats specially (quotes,
 * backslashes, braces, commas, the word NULL, the empty string) and NULL in every nullable column
 * must come back as a SQLite file stores them, through the sync's writes and through `copy --to`.
 * The one difference is NUL, which PostgreSQL's text cannot hold (src/db/postgres/text-values.ts).
 */

const tempDir = useTempDirs();
const open: ArchiveStore[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

const AWKWARD = 'say "hi" it\'s C:\\dir\\ {a,b} } { NULL , \u0000 é 🦀';

const ALL_NULL = callRow({
  id: 'all-null',
  sessionId: null,
  telephonySessionId: null,
  fromNumber: null,
  fromName: null,
  fromExtension: null,
  toNumber: null,
  toName: null,
  toExtension: null,
  extensionId: null,
  owner: null,
  lastModifiedTime: null,
});

const AWKWARD_ROW = callRow({
  id: 'awkward "{id}"',
  callId: AWKWARD,
  sessionId: 'NULL',
  telephonySessionId: '',
  fromName: AWKWARD,
  toName: '{}',
  toExtension: '"',
  shortRecording: true,
  callLogJson: JSON.stringify({ name: AWKWARD, nested: { list: [1, null, '}'] } }),
  owner: { extensionId: 'ext "1"', extensionNumber: null, name: AWKWARD },
});

const NULL_TRANSCRIPT = transcriptRow({
  segments: [{ speakerId: null, speakerName: null, start: null, end: null, text: '' }],
  confidence: null,
  summary: null,
  sentiment: null,
  aiScore: null,
  highlights: [{ value: 'NULL', speakerId: null, start: null, end: null }],
  nextSteps: [],
  topics: [],
  intent: null,
});

const AWKWARD_TRANSCRIPT = transcriptRow({
  segments: [
    { speakerId: '{p}', speakerName: AWKWARD, start: 0.1, end: 1e-7, text: AWKWARD },
    { speakerId: 'p-2', speakerName: '"', start: 123456.789, end: 123457, text: '\\' },
  ],
  summary: AWKWARD,
  confidence: 0.3333333333333333,
  highlights: [{ value: AWKWARD, speakerId: '}', start: 2.5, end: null }],
  nextSteps: [{ value: '{"a":1}', speakerId: null, start: null, end: 3 }],
  topics: [AWKWARD, 'NULL'],
});

async function written(target: string): Promise<ArchiveStore> {
  const store = await openStore(target, { create: true });
  open.push(store);
  await store.writeCallRecordings([ALL_NULL, AWKWARD_ROW], SEED_NOW);
  expect(await store.writeTranscript(ALL_NULL.id, NULL_TRANSCRIPT, SEED_NOW)).toBe(true);
  expect(await store.writeTranscript(AWKWARD_ROW.id, AWKWARD_TRANSCRIPT, SEED_NOW)).toBe(true);
  return store;
}

async function contents(store: ArchiveStore): Promise<{ recordings: CopiedRecording[]; owners: unknown[] }> {
  const snapshot = await store.snapshot();
  try {
    return { recordings: (await snapshot.recordings(null, 100)).recordings, owners: await snapshot.owners() };
  } finally {
    await snapshot.close();
  }
}

/** What PostgreSQL stores for a value SQLite stores: NUL as U+FFFD. */
function asPostgresStores<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '\ufffd') as T;
  if (Array.isArray(value)) return value.map(asPostgresStores) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asPostgresStores(item)])) as T;
  return value;
}

describe('a page written as column arrays on PostgreSQL', () => {
  it('stores NULLs and the characters array literals quote exactly as a SQLite file does, through sync writes and copy --to', async () => {
    const source = await written(join(tempDir(), 'recordings.db'));
    const sqlite = await contents(source);
    const expected = asPostgresStores(sqlite);
    expect(expected.recordings).toHaveLength(2);
    expect(expected.owners).toHaveLength(1);

    const direct = await written(await freshPostgresDatabase());
    expect(await contents(direct)).toEqual(expected);
    const awkward = (await contents(direct)).recordings.find((recording) => recording.row.id === AWKWARD_ROW.id)!;
    expect(awkward.row.fromName).toBe(AWKWARD.replace('\u0000', '\ufffd'));
    expect(awkward.segments.map((segment) => segment.text)).toEqual([AWKWARD.replace('\u0000', '\ufffd'), '\\']);
    const allNull = (await contents(direct)).recordings.find((recording) => recording.row.id === ALL_NULL.id)!;
    expect(allNull.row.fromNumber).toBeNull();
    expect(allNull.segments[0]).toMatchObject({ speakerId: null, speakerName: null, start: null, end: null, text: '' });

    const copied = await openStore(await freshPostgresDatabase(), { create: true });
    open.push(copied);
    await copyArchive(source, copied, { now: () => new Date(SEED_NOW) });
    expect(await contents(copied)).toEqual(expected);
  });
});
