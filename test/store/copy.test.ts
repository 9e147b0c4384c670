import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyArchive } from '../../src/db/copy/copy-archive.js';
import { copyDifference } from '../../src/db/copy/merge.js';
import { ArchiveSetupError, DatabaseError } from '../../src/db/errors.js';
import { openStore } from '../../src/db/open-store.js';
import type { ArchiveStore } from '../../src/db/store.js';
import { callRow, transcriptRow } from '../helpers/rows.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { SEED_NOW, seedStore } from '../helpers/seed.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { DATA_SET } from '../query/data-set.js';

const tempDir = useTempDirs();
const open: ArchiveStore[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

const now = () => new Date('2026-11-27T00:00:00.000Z');
const file = () => join(tempDir(), 'copy.db');

async function created(target: string): Promise<ArchiveStore> {
  const store = await openStore(target, { create: true });
  open.push(store);
  return store;
}

/** An archive with something in every table: recordings in every state, holds, audio, owners, runs, audit rows and state values. */
async function richArchive(target: string): Promise<ArchiveStore> {
  const store = await created(target);
  await seedStore(store, DATA_SET);
  await store.writeCallRecordings([callRow({ id: 'owned', startTime: '2026-11-23T08:00:00.000Z', owner: { extensionId: 'e9', extensionNumber: '109', name: 'Bar' } })], SEED_NOW);
  await store.noteOwnerUnavailable('e9', 1, SEED_NOW);
  await store.changeLegalHold(['rec-2'], { hold: true, reason: 'case 4711', at: SEED_NOW, actor: 'ana', requestedId: 'rec-2' });
  await store.recordAudioArchived({ id: 'rec-1', path: '/audio/2026/11/rec-1.mp3', sha256: 'b'.repeat(64), bytes: 123_456, contentType: 'audio/mpeg', now: SEED_NOW });
  const run = await store.startRun({ startedAt: '2026-11-26T11:00:00.000Z', pid: 7 });
  await store.updateRun(run, { status: 'ok', finishedAt: '2026-11-26T11:01:00.000Z', recordingsSeen: 7, apiRequests: 9 });
  await store.writeStates({ checkpoint: '2026-11-26T10:59:00.000Z', long_call_reread: '{"at":"2026-11-26T00:00:00.000Z"}' }, SEED_NOW);
  await store.appendAudit({ at: SEED_NOW, action: 'export', actor: 'bo', details: { rows: 6 } });
  return store;
}

/** Everything a user could see of an archive, keys left out (each archive assigns its own). */
async function everything(store: ArchiveStore) {
  const facts = await store.facts({ runs: 10, refusedShown: 10 });
  const ids = ['rec-1', 'rec-2', 'rec-3', 'rec-4', 'rec-5', 'rec-6', 'owned'];
  return {
    recordings: (await store.readRecordings(ids)).sort((a, b) => a.row.id.localeCompare(b.row.id)),
    details: await Promise.all(ids.map((id) => store.findRecording(id))),
    stats: await store.stats({ fromMs: null, toMs: null }),
    audit: (await store.listAudit(100)).map(({ id: _id, ...entry }) => entry),
    runs: facts.recentSyncs.map(({ id: _id, ...run }) => run),
    counts: facts.counts,
    owners: facts.ownersWithoutInsights,
    checkpoint: facts.checkpoint,
    reread: await store.readState('long_call_reread'),
  };
}

describe('copy between archives (a SQLite file and PostgreSQL, both ways)', () => {
  it('copies SQLite to PostgreSQL and back to a file value for value, and remembers where each came from', async () => {
    const source = await richArchive(file());
    const postgres = await created(await freshPostgresDatabase());
    const first = await copyArchive(source, postgres, { now });
    expect(first).toMatchObject({ recordings: 7, segments: 7, insights: 7, auditEntries: 2, syncRuns: 1, written: 7, kept: 0 });
    const back = await created(file());
    const second = await copyArchive(postgres, back, { now });
    expect(second).toMatchObject({ recordings: 7, written: 7 });
    const original = await everything(source);
    expect(await everything(postgres)).toEqual(original);
    expect(await everything(back)).toEqual(original);
    expect(await postgres.readState(`copy:${await source.archiveId()}`)).toContain('"finishedAt":"2026-11-27T00:00:00.000Z"');
    expect(await back.readState(`copy:${await postgres.archiveId()}`)).not.toBeNull();
    expect(new Set([await source.archiveId(), await postgres.archiveId(), await back.archiveId()]).size).toBe(3);
  });

  it('run again, writes nothing new and duplicates nothing; later history is appended once', async () => {
    const source = await richArchive(file());
    const target = await created(await freshPostgresDatabase());
    await copyArchive(source, target, { now });
    const again = await copyArchive(source, target, { now });
    expect(again).toMatchObject({ written: 0, kept: 7 });
    expect((await target.listAudit(100)).length).toBe(2);
    expect((await target.facts({ runs: 10, refusedShown: 1 })).recentSyncs).toHaveLength(1);
    await source.appendAudit({ at: '2026-11-26T13:00:00.000Z', action: 'stream', actor: 'cy', recordingId: 'rec-1', details: {} });
    await copyArchive(source, target, { now });
    expect((await target.listAudit(100)).map((entry) => entry.action)).toEqual(['stream', 'export', 'hold']);
  });

  it('stopped after its first batch, is finished by the next run without duplicates', async () => {
    const source = await richArchive(file());
    const target = await created(file());
    let batches = 0;
    const stop = () => {
      batches += 1;
      if (batches === 1) throw new Error('killed');
    };
    await expect(copyArchive(source, target, { now, recordingsPerBatch: 2, onProgress: stop })).rejects.toThrow('killed');
    expect((await target.stats({ fromMs: null, toMs: null })).recordings).toBe(2);
    const resumed = await copyArchive(source, target, { now, recordingsPerBatch: 2 });
    expect(resumed).toMatchObject({ written: 5, kept: 2 });
    expect(await everything(target)).toEqual(await everything(source));
  });

  it('keeps what the target has in a newer version, never releases a hold, and moves the checkpoint only forward', async () => {
    const source = await richArchive(file());
    const target = await created(await freshPostgresDatabase());
    await copyArchive(source, target, { now });
    // Synced in the target since: a newer version of rec-1, a newer checkpoint, a hold the source lacks.
    await target.writeCallRecordings([{ ...callRow({ id: 'rec-1', callId: 'c-1', startTime: '2026-11-20T15:00:00.000Z' }), durationSeconds: 999, lastModifiedTime: '2026-11-28T00:00:00.000Z' }], '2026-11-28T00:00:00.000Z');
    await target.writeStates({ checkpoint: '2026-11-28T00:00:00.000Z' }, '2026-11-28T00:00:00.000Z');
    await target.changeLegalHold(['rec-3'], { hold: true, reason: 'target case', at: '2026-11-28T00:00:00.000Z', actor: 'ana', requestedId: 'rec-3' });
    // And in the source: a transcript that arrived later, and a release of the hold it had.
    await source.writeTranscript('rec-4', transcriptRow(), '2026-11-27T12:00:00.000Z');
    await source.changeLegalHold(['rec-2'], { hold: false, reason: null, at: '2026-11-27T12:00:00.000Z', actor: 'ana', requestedId: 'rec-2' });
    const again = await copyArchive(source, target, { now });
    expect(again).toMatchObject({ written: 1, kept: 6 });
    expect((await target.findRecording('rec-1'))?.durationSeconds).toBe(999);
    expect((await target.findRecording('rec-4'))?.transcriptStatus).toBe('ready');
    expect(await target.readState('checkpoint')).toBe('2026-11-28T00:00:00.000Z');
    expect((await target.holdStates(['rec-2', 'rec-3'])).map((hold) => [hold.id, hold.legalHold, hold.holdReason])).toEqual([
      ['rec-2', true, 'case 4711'],
      ['rec-3', true, 'target case'],
    ]);
  });

  it('refuses a target that holds another archive, and the archive itself', async () => {
    const source = await richArchive(file());
    const other = await created(await freshPostgresDatabase());
    await other.writeCallRecordings([callRow({ id: 'theirs' })], SEED_NOW);
    await expect(copyArchive(source, other, { now })).rejects.toThrow(ArchiveSetupError);
    await expect(copyArchive(source, other, { now })).rejects.toThrow(/already holds an archive that was not copied from/);
    expect((await other.stats({ fromMs: null, toMs: null })).recordings).toBe(1);
    await expect(copyArchive(source, source, { now })).rejects.toThrow(/is the same archive/);
  });

  it('fails its check on the first recording the target does not have as the source does', async () => {
    const source = await richArchive(file());
    const target = await created(file());
    const losing = new Proxy(target, {
      get: (store, name) =>
        name === 'readRecordings'
          ? async (ids: readonly string[]) => (await store.readRecordings(ids)).filter((copy) => copy.row.id !== 'rec-3')
          : Reflect.get(store, name).bind(store),
    });
    const failure = copyArchive(source, losing, { now });
    await expect(failure).rejects.toThrow(DatabaseError);
    await expect(copyArchive(source, losing, { now })).rejects.toThrow('the copy is incomplete: recording rec-3 is missing in the target');
  });

  it('names how a copy differs', () => {
    const recording = { row: { ...rowOf('a'), updatedAt: '2026-11-20T00:00:00.000Z' }, segments: [], insights: [] };
    expect(copyDifference(recording, undefined)).toBe('recording a is missing in the target');
    expect(copyDifference(recording, { ...recording, row: { ...recording.row, updatedAt: '2026-11-19T00:00:00.000Z' } })).toMatch(/is older in the target/);
    expect(copyDifference(recording, { ...recording, row: { ...recording.row, summary: 'other' } })).toBe('recording a: summary differs in the target');
    expect(copyDifference(recording, { ...recording, row: { ...recording.row, updatedAt: '2026-11-21T00:00:00.000Z', summary: 'newer' } })).toBeNull();
    expect(copyDifference({ ...recording, row: { ...recording.row, legalHold: true } }, recording)).toMatch(/on legal hold in the source/);
    expect(copyDifference(recording, { ...recording, segments: [{ ordinal: 0, speakerId: null, speakerName: null, start: null, end: null, text: 'x' }] })).toMatch(/segments differ/);
  });
});

function rowOf(id: string) {
  return {
    id,
    callId: 'c',
    sessionId: null,
    telephonySessionId: null,
    startTime: '2026-11-20T00:00:00.000Z',
    durationSeconds: 1,
    direction: 'Inbound',
    fromNumber: null,
    fromName: null,
    fromExtension: null,
    fromDigitsReversed: null,
    toNumber: null,
    toName: null,
    toExtension: null,
    toDigitsReversed: null,
    extensionId: null,
    ownerExtensionId: null,
    recordingType: 'Automatic',
    contentUri: 'x',
    contentType: null,
    shortRecording: false,
    lastModifiedTime: null,
    callLogJson: '{}',
    transcriptStatus: 'pending',
    transcriptAttempts: 0,
    transcriptNextAttemptAt: null,
    transcriptError: null,
    transcriptFetchedAt: null,
    transcriptConfidence: null,
    transcriptSegmentCount: 0,
    transcript: null,
    summary: null,
    sentiment: null,
    aiScore: null,
    intent: null,
    topics: '[]',
    legalHold: false,
    holdReason: null,
    heldAt: null,
    audioPath: null,
    audioSha256: null,
    audioBytes: null,
    audioStatus: null,
    audioAttempts: 0,
    audioNextAttemptAt: null,
    audioNotFoundSince: null,
    audioError: null,
    firstSeenAt: '2026-11-20T00:00:00.000Z',
    updatedAt: '2026-11-20T00:00:00.000Z',
  };
}
