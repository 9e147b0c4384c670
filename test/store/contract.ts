import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NoArchiveError } from '../../src/db/errors.js';
import { openStore } from '../../src/db/open-store.js';
import type { ArchiveStore, Backend, RecordingQuery } from '../../src/db/store.js';
import type { LockHolder } from '../../src/db/store.js';
import { DATA_SET } from '../query/data-set.js';
import { callRow, transcriptRow } from '../helpers/rows.js';
import { SEED_NOW, seedStore } from '../helpers/seed.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/** What a backend's test file gives the contract: where a new, empty archive may be made. */
export interface BackendUnderTest {
  backend: Backend;
  /** A target (`--db` value) where nothing exists yet. */
  newTarget(): Promise<string>;
  /** What this backend cannot do yet; those tests are skipped, by name. */
  lacks?: readonly ('text search' | 'search' | 'export' | 'backup')[];
}

const NOW = '2026-11-21T00:00:00.000Z';
const query = (overrides: Partial<RecordingQuery['filter']> = {}, text: string | null = null, page: Partial<RecordingQuery['page']> = {}): RecordingQuery => ({
  text,
  filter: overrides,
  page: { limit: 50, offset: 0, sort: text ? 'relevance' : 'newest', ...page },
});

/**
 * The contract every archive store passes (src/db/store.ts): the same calls give the same answers
 * on SQLite and on PostgreSQL (STYLE.md, the next-auth adapters' shared suite). Each backend's test
 * file runs it (sqlite.test.ts, postgres.test.ts).
 */
export function describeStoreContract(under: BackendUnderTest): void {
  const lacks = (what: NonNullable<BackendUnderTest['lacks']>[number]) => under.lacks?.includes(what) === true;
  const open: ArchiveStore[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });
  const created = async (): Promise<{ store: ArchiveStore; target: string }> => {
    const target = await under.newTarget();
    const store = await openStore(target, { create: true });
    open.push(store);
    return { store, target };
  };
  const reopened = async (target: string): Promise<ArchiveStore> => {
    const store = await openStore(target);
    open.push(store);
    return store;
  };
  const seeded = async () => {
    const made = await created();
    await seedStore(made.store, DATA_SET);
    return made;
  };

  describe(`the archive store on ${under.backend}`, () => {
    it('finds no archive until one is created, then an empty one with an id and the whole schema', async () => {
      const target = await under.newTarget();
      await expect(openStore(target)).rejects.toThrow(NoArchiveError);
      const store = await openStore(target, { create: true });
      open.push(store);
      expect(store.backend).toBe(under.backend);
      const id = await store.archiveId();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const version = await store.schemaVersion();
      expect(version.applied).toBe(version.known);
      expect(await store.newestRecordingId()).toBeNull();
      expect(await store.listAudit(10)).toEqual([]);
      const facts = await store.facts({ runs: 5, refusedShown: 20 });
      expect(facts.counts).toEqual({ recordings: 0, withTranscript: 0, onHold: 0, audioArchived: 0, byTranscriptStatus: {} });
      expect(facts).toMatchObject({ checkpoint: null, recentSyncs: [], lastSuccessfulSync: null, transcripts: [], ownersWithoutInsights: [] });
      expect((await store.stats({ fromMs: null, toMs: null })).recordings).toBe(0);
      await store.close();
      const again = await reopened(target);
      expect(await again.archiveId()).toBe(id);
    });

    it('upserts a page: new rows inserted, an unchanged one left alone, a newer version updated, an older one never', async () => {
      const { store } = await created();
      const rows = [callRow({ id: 'a' }), callRow({ id: 'b', startTime: '2026-11-20T18:00:00.000Z' })];
      expect(await store.writeCallRecordings(rows, NOW)).toEqual({ inserted: 2, updated: 0 });
      expect(await store.writeCallRecordings(rows, '2026-11-22T00:00:00.000Z')).toEqual({ inserted: 0, updated: 0 });
      const newer = callRow({ id: 'a', fromName: 'Ana Souza-Lima', lastModifiedTime: '2026-11-20T18:00:00.000Z', callLogJson: '{"v":2}' });
      expect(await store.writeCallRecordings([newer, callRow({ id: 'c', startTime: '2026-11-20T19:00:00.000Z' })], NOW)).toEqual({ inserted: 1, updated: 1 });
      const older = callRow({ id: 'a', lastModifiedTime: '2026-11-20T17:00:00.000Z', callLogJson: '{"v":0}', durationSeconds: 1 });
      expect(await store.writeCallRecordings([older], NOW)).toEqual({ inserted: 0, updated: 0 });
      const a = await store.findRecording('a');
      expect(a).toMatchObject({ from: { name: 'Ana Souza-Lima' }, durationSeconds: 125, transcriptStatus: 'pending' });
      expect(await store.newestRecordingId()).toBe('c');
      expect(await store.writeCallRecordings([], NOW)).toEqual({ inserted: 0, updated: 0 });
    });

    it('keeps recordings that start in the same millisecond apart, in the order they came', async () => {
      const { store } = await created();
      const start = '2026-11-20T17:04:05.123Z';
      await store.writeCallRecordings([callRow({ id: 'x', startTime: start, callId: 'c1' }), callRow({ id: 'y', startTime: start, callId: 'c1' })], NOW);
      await store.writeCallRecordings([callRow({ id: 'z', startTime: start, callId: 'c1' })], NOW);
      expect((await store.findRecording('c1'))?.id).toBe('x');
      expect((await store.findRecording('c1'))?.otherRecordingIds).toEqual(['y', 'z']);
      if (!lacks('search')) expect((await store.search(query({}, null, { sort: 'oldest' }))).hits.map((hit) => hit.id)).toEqual(['x', 'y', 'z']);
    });

    it('finds a recording by recording, call-log record and session id, with the other recordings of its call', async () => {
      const { store } = await seeded();
      for (const id of ['rec-3', 'c-transfer', 's-transfer']) {
        const found = await store.findRecording(id);
        expect(found?.id, id).toBe('rec-3');
        expect(found?.otherRecordingIds).toEqual(['rec-4']);
      }
      expect((await store.findRecording('rec-4'))?.otherRecordingIds).toEqual(['rec-3']);
      expect(await store.findRecording('nope')).toBeNull();
      expect(await store.contentUri('rec-1')).toBe('https://media.example.test/restapi/v1.0/account/~/recording/rec-1/content');
      expect(await store.contentUri('nope')).toBeNull();
    });

    it('stores a transcript with its insights, replaces it whole, and returns the same detail everywhere', async () => {
      const { store } = await created();
      await store.writeCallRecordings([callRow({ id: 'a' })], NOW);
      expect((await store.findRecording('a'))?.transcript).toBeNull();
      expect(await store.writeTranscript('a', transcriptRow(), NOW)).toBe(true);
      expect(await store.writeTranscript('missing', transcriptRow(), NOW)).toBe(false);
      const detail = await store.findRecording('a');
      expect(detail).toEqual({
        id: 'a',
        callId: 'call-a',
        sessionId: 'sess-a',
        telephonySessionId: 's-a',
        startTime: '2026-11-20T17:04:05.000Z',
        durationSeconds: 125,
        direction: 'Inbound',
        from: { phoneNumber: '+14155550100', name: 'Ana Souza', extensionNumber: null },
        to: { phoneNumber: '+16505550199', name: 'Harbor Grill', extensionNumber: '101' },
        recordingType: 'Automatic',
        transcriptStatus: 'ready',
        contentType: null,
        otherRecordingIds: [],
        transcript: {
          text: 'Harbor Grill, how can I help you?\nI would like to make a reservation for Friday.',
          confidence: 0.91,
          fetchedAt: NOW,
          segments: [
            { speakerId: 'p-1', speakerName: 'Host', start: 0.5, end: 4.2, text: 'Harbor Grill, how can I help you?' },
            { speakerId: 'p-2', speakerName: 'Ana Souza', start: 4.6, end: 9.9, text: 'I would like to make a reservation for Friday.' },
          ],
        },
        insights: {
          summary: 'Caller booked a table for Friday.',
          sentiment: 'Positive',
          nextSteps: ['Confirm by text message'],
          highlights: ['Reservation for Friday'],
          topics: ['reservation'],
          intent: 'booking_inquiry',
          aiScore: 8,
        },
        audio: { archived: false, path: null, bytes: null, sha256: null, status: null, attempts: 0, nextAttemptAt: null, notFoundSince: null, error: null },
        legalHold: false,
      });
      await store.writeTranscript('a', transcriptRow({ segments: [{ speakerId: null, speakerName: null, start: null, end: null, text: 'Catering for forty' }], topics: [], highlights: [], nextSteps: [] }), NOW);
      const replaced = await store.findRecording('a');
      expect(replaced?.transcript?.segments).toEqual([{ speakerId: null, speakerName: null, start: null, end: null, text: 'Catering for forty' }]);
      expect(replaced?.insights).toMatchObject({ topics: [], highlights: [], nextSteps: [] });
    });

    it('keeps first-stage insights with the transcript still pending, and counts attempts', async () => {
      const { store } = await created();
      await store.writeCallRecordings([callRow({ id: 'a' })], NOW);
      const notes = transcriptRow({ segments: [], topics: [] });
      const retry = '2026-11-21T00:15:00.000Z';
      expect(await store.writeFirstStageInsights('a', notes, { status: 'pending', nextAttemptAt: retry, error: 'first stage', attempted: true }, NOW)).toBe(true);
      const detail = await store.findRecording('a');
      expect(detail).toMatchObject({ transcriptStatus: 'pending', transcript: null, insights: { summary: 'Caller booked a table for Friday.', nextSteps: ['Confirm by text message'] } });
      expect(await store.dueTranscripts(NOW, 10)).toEqual([]);
      expect(await store.dueTranscripts(retry, 10)).toEqual([{ id: 'a', startTime: '2026-11-20T17:04:05.000Z', durationSeconds: 125, attempts: 1, ownerExtensionId: '664573005' }]);
    });

    it('moves transcripts between states, oldest due first, and makes every retried one due again', async () => {
      const { store } = await created();
      await store.writeCallRecordings(
        [callRow({ id: 'new', startTime: '2026-11-20T19:00:00.000Z' }), callRow({ id: 'old', startTime: '2026-11-20T08:00:00.000Z', owner: null, extensionId: '42' }), callRow({ id: 'short', transcriptStatus: 'skipped' })],
        NOW,
      );
      expect((await store.dueTranscripts(NOW, 10)).map((due) => [due.id, due.ownerExtensionId])).toEqual([
        ['old', '42'],
        ['new', '664573005'],
      ]);
      expect((await store.dueTranscripts(NOW, 1)).map((due) => due.id)).toEqual(['old']);
      await store.setTranscriptState('old', { status: 'pending', nextAttemptAt: '2026-11-21T00:05:00.000Z', error: 'not ready', attempted: true }, NOW);
      await store.setTranscriptState('new', { status: 'unavailable', nextAttemptAt: null, error: 'gave up', attempted: true }, NOW);
      expect(await store.dueTranscripts(NOW, 10)).toEqual([]);
      const facts = await store.facts({ runs: 5, refusedShown: 20 });
      expect(facts.transcripts).toEqual([
        { status: 'pending', count: 1, nextAttemptAt: '2026-11-21T00:05:00.000Z' },
        { status: 'skipped', count: 1, nextAttemptAt: null },
        { status: 'unavailable', count: 1, nextAttemptAt: null },
      ]);
      expect(await store.makeAllTranscriptsDue(NOW)).toBe(2);
      expect((await store.dueTranscripts(NOW, 10)).map((due) => [due.id, due.attempts])).toEqual([
        ['old', 1],
        ['new', 1],
      ]);
    });

    it('tracks owners whose recordings never get insights, and forgives them on the first answer', async () => {
      const { store } = await created();
      await store.writeCallRecordings([callRow({ id: 'a', owner: { extensionId: 'e1', extensionNumber: null, name: 'Desk' } }), callRow({ id: 'b', owner: { extensionId: 'e1', extensionNumber: '205', name: null } })], NOW);
      expect(await store.recordingOwner('e1')).toEqual({ extensionId: 'e1', extensionNumber: '205', name: 'Desk', insightsSeenAt: null, unavailableStreak: 0, sparseSince: null });
      expect(await store.noteOwnerUnavailable('e1', 2, NOW)).toMatchObject({ unavailableStreak: 1, sparseSince: null });
      expect(await store.noteOwnerUnavailable('e1', 2, '2026-11-21T01:00:00.000Z')).toMatchObject({ unavailableStreak: 2, sparseSince: '2026-11-21T01:00:00.000Z' });
      expect(await store.noteOwnerUnavailable('e2', 1, NOW)).toMatchObject({ extensionId: 'e2', unavailableStreak: 1, sparseSince: NOW });
      expect((await store.facts({ runs: 1, refusedShown: 1 })).ownersWithoutInsights.map((owner) => owner.extensionId)).toEqual(['e1', 'e2']);
      expect(await store.noteOwnerInsights('e1', NOW)).toMatchObject({ unavailableStreak: 2 });
      expect(await store.recordingOwner('e1')).toMatchObject({ insightsSeenAt: NOW, unavailableStreak: 0, sparseSince: null });
      expect(await store.noteOwnerUnavailable('e1', 1, NOW)).toMatchObject({ unavailableStreak: 0, sparseSince: null });
      expect(await store.noteOwnerInsights('e3', NOW)).toBeNull();
      expect(await store.recordingOwner('nobody')).toBeNull();
    });

    it('keeps the audio state: due, archived, set back, due again', async () => {
      const { store } = await created();
      await store.writeCallRecordings([callRow({ id: 'a', startTime: '2026-11-20T08:00:00.000Z' }), callRow({ id: 'b' }), callRow({ id: 'c', startTime: '2026-11-20T20:00:00.000Z' })], NOW);
      expect((await store.dueAudio(NOW, 10)).map((due) => due.id)).toEqual(['a', 'b', 'c']);
      await store.recordAudioArchived({ id: 'a', path: '/audio/a.mp3', sha256: 'f'.repeat(64), bytes: 3_000_000_000, contentType: 'audio/mpeg', now: NOW });
      await store.recordAudioSetback('a', { status: 'refused', attempts: 1, nextAttemptAt: null, notFoundSince: null, error: 'no' }, NOW);
      await store.recordAudioSetback('b', { status: 'refused', attempts: 1, nextAttemptAt: '2026-11-22T00:00:00.000Z', notFoundSince: null, error: '403 CMN-408' }, NOW);
      await store.recordAudioSetback('c', { status: 'missing', attempts: 2, nextAttemptAt: null, notFoundSince: '2026-11-20T21:00:00.000Z', error: '404' }, NOW);
      expect(await store.dueAudio(NOW, 10)).toEqual([]);
      const a = await store.findRecording('a');
      expect(a?.audio).toEqual({ archived: true, path: '/audio/a.mp3', bytes: 3_000_000_000, sha256: 'f'.repeat(64), status: 'archived', attempts: 0, nextAttemptAt: null, notFoundSince: null, error: null });
      expect(a?.contentType).toBe('audio/mpeg');
      const facts = await store.facts({ runs: 1, refusedShown: 5 });
      expect(facts.audioArchiveBytes).toBe(3_000_000_000);
      expect(facts.counts.audioArchived).toBe(1);
      expect(facts.audio.byStatus).toEqual([
        { status: 'archived', count: 1, nextAttemptAt: null },
        { status: 'missing', count: 1, nextAttemptAt: null },
        { status: 'refused', count: 1, nextAttemptAt: '2026-11-22T00:00:00.000Z' },
      ]);
      expect(facts.audio.refused).toEqual([{ id: 'b', startTime: '2026-11-20T17:04:05.000Z', extensionId: '664573005', error: '403 CMN-408', nextAttemptAt: '2026-11-22T00:00:00.000Z' }]);
      await store.makeAudioDueNow('b', NOW);
      await store.makeAudioDueNow('c', NOW);
      expect((await store.dueAudio(NOW, 10)).map((due) => [due.id, due.status, due.attempts])).toEqual([['b', 'refused', 1]]);
      await store.recordAudioSetback('b', { status: 'pending', attempts: 2, nextAttemptAt: '2026-11-22T00:00:00.000Z', notFoundSince: null, error: 'broke off' }, NOW);
      expect(await store.makeAllAudioDue(NOW)).toBe(1);
      expect((await store.dueAudio(NOW, 10)).map((due) => due.id)).toEqual(['b']);
    });

    describe('search and export', () => {
      const cases: [string, RecordingQuery, string[], number?][] = [
        ['everything, newest first', query(), ['rec-6', 'rec-5', 'rec-4', 'rec-3', 'rec-2', 'rec-1']],
        ['oldest first, a page', query({}, null, { sort: 'oldest', limit: 2, offset: 1 }), ['rec-2', 'rec-3'], 6],
        ['a start-time range', query({ fromMs: Date.parse('2026-11-21T00:00:00Z'), toMs: Date.parse('2026-11-22T00:00:00Z') }), ['rec-4', 'rec-3', 'rec-2']],
        ['a phone number suffix, either party', query({ phoneDigits: '0123' }), ['rec-4', 'rec-3']],
        ['direction, any case', query({ direction: 'outbound' }), ['rec-4', 'rec-3']],
        ['with a transcript', query({ transcript: 'with' }), ['rec-3', 'rec-2', 'rec-1']],
        ['without a transcript', query({ transcript: 'without' }), ['rec-6', 'rec-5', 'rec-4']],
        ['a transcript status', query({ status: 'unavailable' }), ['rec-6']],
        ['a sentiment, any case', query({ sentiment: 'negative' }), ['rec-2']],
        ['a topic', query({ topic: 'Reservation' }), ['rec-2', 'rec-1']],
      ];
      const textCases: [string, RecordingQuery, string[]][] = [
        ['words in any form', query({}, 'reservations', { sort: 'newest' }), ['rec-3', 'rec-2', 'rec-1']],
        ['a phrase', query({}, '"party of six"'), ['rec-1']],
        ['words and a filter', query({ direction: 'inbound' }, 'refund', { sort: 'newest' }), ['rec-2']],
        ['party names', query({}, 'catering', { sort: 'newest' }), ['rec-4', 'rec-3']],
        ['input that is not FTS syntax', query({}, 'refund AND', { sort: 'newest' }), ['rec-2']],
        ['nothing to search for', query({}, '🍕'), []],
      ];

      it.skipIf(lacks('search'))('finds the same recordings with the same totals for every filter', async () => {
        const { store } = await seeded();
        for (const [name, q, ids, total] of cases) {
          const result = await store.search(q);
          expect(result.hits.map((hit) => hit.id), name).toEqual(ids);
          expect(result.total, name).toBe(total ?? ids.length);
        }
        const listed = (await store.search(query({ topic: 'reservation' }))).hits.find((hit) => hit.id === 'rec-1');
        expect(listed).toEqual({
          id: 'rec-1',
          callId: 'c-1',
          sessionId: null,
          telephonySessionId: null,
          startTime: '2026-11-20T15:00:00.000Z',
          durationSeconds: 120,
          direction: 'Inbound',
          from: { phoneNumber: '+14155550100', name: 'Maria Lopez', extensionNumber: null },
          to: { phoneNumber: '+16505550199', name: 'Front Desk', extensionNumber: '101' },
          recordingType: 'Automatic',
          transcriptStatus: 'ready',
          hasTranscript: true,
          snippet: 'Caller books a table for six on Friday',
          sentiment: 'Positive',
          topics: ['reservation'],
        });
      });

      it.skipIf(lacks('text search'))('finds the same recordings for a text query, whatever its syntax', async () => {
        const { store } = await seeded();
        for (const [name, q, ids] of textCases) {
          const result = await store.search(q);
          expect(new Set(result.hits.map((hit) => hit.id)), name).toEqual(new Set(ids));
          expect(result.total, name).toBe(ids.length);
          if (q.page.sort === 'newest') expect(result.hits.map((hit) => hit.id), name).toEqual(ids);
        }
        const ranked = await store.search(query({}, 'reservation'));
        expect(ranked.hits.find((hit) => hit.id === 'rec-1')?.snippet).toMatch(/\ue000reservation\ue001/);
      });

      it.skipIf(lacks('export'))('exports every matching row with the contract columns, numbers as numbers', async () => {
        const { store } = await seeded();
        for (const [name, q, ids] of cases) {
          const rows = [];
          for await (const row of store.exportRows({ ...q, page: { ...q.page, limit: undefined, offset: 0 } })) rows.push(row);
          if (q.page.offset) continue;
          expect(rows.map((row) => row.id), name).toEqual(ids);
        }
        const rows = [];
        for await (const row of store.exportRows(query({ status: 'ready' }, null, { sort: 'oldest', limit: undefined }))) rows.push(row);
        expect(rows[0]).toEqual({
          id: 'rec-1',
          call_id: 'c-1',
          start_time: '2026-11-20T15:00:00.000Z',
          duration_seconds: 120,
          direction: 'Inbound',
          from_number: '+14155550100',
          from_name: 'Maria Lopez',
          to_number: '+16505550199',
          to_name: 'Front Desk',
          recording_type: 'Automatic',
          transcript_status: 'ready',
          sentiment: 'Positive',
          topics: '["reservation"]',
          transcript: 'Hi, I would like to make a reservation for Friday\nOf course, how many guests?\nA party of six please',
        });
      });

      it.skipIf(lacks('export') || lacks('text search'))('exports the matches of a text query', async () => {
        const { store } = await seeded();
        const ids = [];
        for await (const row of store.exportRows(query({}, 'reservations', { sort: 'newest', limit: undefined }))) ids.push(row.id);
        expect(ids).toEqual(['rec-3', 'rec-2', 'rec-1']);
      });
    });

    it('counts the same stats over the whole archive and over a range', async () => {
      const { store } = await seeded();
      const stats = await store.stats({ fromMs: null, toMs: null });
      expect(stats).toMatchObject({
        recordings: 6,
        withTranscript: 3,
        transcriptSuccessRate: 3 / 4,
        sentiment: { Positive: 1, Neutral: 1, Negative: 1 },
        topTopics: [
          { topic: 'reservation', count: 2 },
          { topic: 'cancellation', count: 1 },
          { topic: 'catering', count: 1 },
          { topic: 'complaint', count: 1 },
        ],
        byDirection: { Inbound: 4, Outbound: 2 },
        byTranscriptStatus: { pending: 1, ready: 3, unavailable: 1, not_licensed: 0, skipped: 1, failed: 0 },
        lastSync: null,
      });
      expect(stats.averageConfidence).toBeCloseTo(0.8, 10);
      expect(stats.averageDurationSeconds).toBeCloseTo(700 / 6, 10);
      expect(stats.perDay.reduce((sum, day) => sum + day.count, 0)).toBe(6);
      const range = await store.stats({ fromMs: Date.parse('2026-11-21T00:00:00Z'), toMs: Date.parse('2026-11-21T12:00:00Z') });
      expect(range).toMatchObject({ recordings: 1, withTranscript: 1, byDirection: { Inbound: 1, Outbound: 0 }, topTopics: [{ topic: 'cancellation', count: 1 }, { topic: 'complaint', count: 1 }, { topic: 'reservation', count: 1 }] });
      expect(range.perDay).toHaveLength(1);
    });

    it('lets one sync hold the lock: a second is refused at once, and gets it once the first is gone', async () => {
      const { store, target } = await created();
      const holder = (pid: number, token: string): LockHolder => ({ pid, host: 'host-a', token, startedAt: NOW, heartbeatAt: NOW });
      expect(await store.tryAcquireSyncLock(holder(1, 't1'), () => false)).toEqual({ acquired: true, replaced: null });
      const second = await reopened(target);
      const refused = await second.tryAcquireSyncLock(holder(2, 't2'), () => false);
      expect(refused).toEqual({ acquired: false, holder: holder(1, 't1') });
      expect(await store.heartbeatSyncLock('t1', '2026-11-21T00:01:00.000Z')).toBe(true);
      expect(await store.heartbeatSyncLock('other', '2026-11-21T00:01:00.000Z')).toBe(false);
      await store.releaseSyncLock('t1');
      expect(await second.tryAcquireSyncLock(holder(2, 't2'), () => false)).toEqual({ acquired: true, replaced: null });
      await second.releaseSyncLock('t2');

      // A holder that died without releasing: its process (SQLite) or its connection (PostgreSQL) is gone.
      expect((await second.tryAcquireSyncLock(holder(3, 't3'), () => false)).acquired).toBe(true);
      await second.close();
      const third = await reopened(target);
      const taken = await third.tryAcquireSyncLock(holder(4, 't4'), () => true);
      expect(taken).toEqual({ acquired: true, replaced: holder(3, 't3') });
      await third.releaseSyncLock('t4');
    });

    it('records runs, marks abandoned ones, and keeps named state values', async () => {
      const { store } = await created();
      const first = await store.startRun({ startedAt: '2026-11-20T00:00:00.000Z', pid: 11 });
      await store.updateRun(first, { status: 'ok', finishedAt: '2026-11-20T00:01:00.000Z', recordingsSeen: 5, recordingsNew: 3, apiRequests: 7, windowFrom: '2026-11-19T00:00:00.000Z', windowTo: '2026-11-20T00:00:00.000Z' });
      const second = await store.startRun({ startedAt: '2026-11-21T00:00:00.000Z', pid: 12 });
      expect(second).toBeGreaterThan(first);
      expect(await store.markAbandonedRuns((pid) => pid === 12, NOW)).toBe(1);
      const facts = await store.facts({ runs: 5, refusedShown: 1 });
      expect(facts.recentSyncs.map((run) => [run.id, run.status])).toEqual([
        [second, 'interrupted'],
        [first, 'ok'],
      ]);
      expect(facts.recentSyncs[0]?.error).toMatch(/killed/);
      expect(facts.lastSuccessfulSync).toEqual({
        id: first,
        startedAt: '2026-11-20T00:00:00.000Z',
        finishedAt: '2026-11-20T00:01:00.000Z',
        windowFrom: '2026-11-19T00:00:00.000Z',
        windowTo: '2026-11-20T00:00:00.000Z',
        status: 'ok',
        recordingsSeen: 5,
        recordingsNew: 3,
        recordingsUpdated: 0,
        recordsInvalid: 0,
        transcriptsFetched: 0,
        transcriptsPending: 0,
        transcriptsUnavailable: 0,
        transcriptsFailed: 0,
        audioDownloaded: 0,
        apiRequests: 7,
        error: null,
      });
      expect((await store.stats({ fromMs: null, toMs: null })).lastSync).toEqual({ time: NOW, startedAt: '2026-11-21T00:00:00.000Z', finishedAt: NOW, status: 'interrupted', error: expect.stringMatching(/killed/) });

      expect(await store.readState('checkpoint')).toBeNull();
      await store.writeStates({ checkpoint: '2026-11-20T00:00:00.000Z', other: 'x' }, NOW);
      await store.writeStates({ checkpoint: '2026-11-21T00:00:00.000Z' }, NOW);
      expect(await store.readState('checkpoint')).toBe('2026-11-21T00:00:00.000Z');
      expect(await store.readState('other')).toBe('x');
      expect((await store.facts({ runs: 1, refusedShown: 1 })).checkpoint).toBe('2026-11-21T00:00:00.000Z');
    });

    it('appends to the audit log and lists it newest first, details parsed', async () => {
      const { store } = await created();
      await store.appendAudit({ at: '2026-11-20T00:00:00.000Z', action: 'export', actor: 'ana', details: { rows: 3, filters: { text: 'refund' } } });
      await store.appendAudit({ at: '2026-11-21T00:00:00.000Z', action: 'stream', actor: 'bo', recordingId: 'r1', details: {} });
      await store.appendAudit({ at: '2026-11-21T00:00:00.000Z', action: 'backup', actor: 'cy', details: { path: '/x' } });
      const entries = await store.listAudit(10);
      expect(entries.map((entry) => entry.action)).toEqual(['backup', 'stream', 'export']);
      expect(entries[2]).toEqual({ id: expect.any(Number), at: '2026-11-20T00:00:00.000Z', action: 'export', actor: 'ana', recordingId: null, details: { rows: 3, filters: { text: 'refund' } } });
      expect(entries[1]?.recordingId).toBe('r1');
      expect(await store.listAudit(1)).toHaveLength(1);
    });

    it('places and releases legal holds with their audit rows, in one go', async () => {
      const { store } = await seeded();
      const change = { at: NOW, actor: 'ana', requestedId: 'c-transfer' };
      expect(await store.changeLegalHold(['rec-3', 'rec-4', 'ghost'], { ...change, hold: true, reason: 'case 4711' })).toEqual(['rec-3', 'rec-4']);
      expect(await store.changeLegalHold(['rec-3'], { ...change, hold: true, reason: null })).toEqual([]);
      expect(await store.changeLegalHold(['rec-3'], { ...change, hold: true, reason: 'case 4712' })).toEqual(['rec-3']);
      expect(await store.holdStates(['rec-4', 'ghost', 'rec-3', 'rec-1'])).toEqual([
        { id: 'rec-4', startTime: '2026-11-21T18:02:00.000Z', legalHold: true, holdReason: 'case 4711', heldAt: NOW },
        { id: 'rec-3', startTime: '2026-11-21T18:00:00.000Z', legalHold: true, holdReason: 'case 4712', heldAt: NOW },
        { id: 'rec-1', startTime: '2026-11-20T15:00:00.000Z', legalHold: false, holdReason: null, heldAt: null },
      ]);
      expect((await store.findRecording('rec-4'))?.legalHold).toBe(true);
      expect(await store.changeLegalHold(['rec-4', 'rec-1'], { ...change, hold: false, reason: null })).toEqual(['rec-4']);
      const audit = await store.listAudit(10);
      expect(audit.map((entry) => [entry.action, entry.recordingId])).toEqual([
        ['release', 'rec-4'],
        ['hold', 'rec-3'],
        ['hold', 'rec-4'],
        ['hold', 'rec-3'],
      ]);
      expect(audit[0]?.details).toEqual({ requestedId: 'c-transfer', previousReason: 'case 4711', heldAt: NOW });
      expect((await store.facts({ runs: 1, refusedShown: 1 })).counts.onHold).toBe(1);
    });

    it('prunes in batches what is older than the cut-off, keeping held recordings, their segments and insights going too', async () => {
      const { store } = await seeded();
      await store.changeLegalHold(['rec-2'], { hold: true, reason: null, at: NOW, actor: 'ana', requestedId: 'rec-2' });
      await store.recordAudioArchived({ id: 'rec-1', path: '/audio/rec-1.mp3', sha256: 'a'.repeat(64), bytes: 10, contentType: 'audio/mpeg', now: NOW });
      const cutoff = '2026-11-21T12:00:00.000Z';
      expect(await store.pruneCounts(cutoff)).toEqual({ deletable: 1, held: 1, audioFiles: 1 });
      expect(await store.pruneCandidates('2026-11-22T00:00:00.000Z', 2)).toEqual([
        { id: 'rec-1', startTime: '2026-11-20T15:00:00.000Z', audioPath: '/audio/rec-1.mp3' },
        { id: 'rec-3', startTime: '2026-11-21T18:00:00.000Z', audioPath: null },
      ]);
      expect(await store.deletePruneBatch('2026-11-22T00:00:00.000Z', 2)).toHaveLength(2);
      expect(await store.deletePruneBatch('2026-11-22T00:00:00.000Z', 2)).toEqual([{ id: 'rec-4', startTime: '2026-11-21T18:02:00.000Z', audioPath: null }]);
      expect(await store.deletePruneBatch('2026-11-22T00:00:00.000Z', 2)).toEqual([]);
      expect(await store.findRecording('rec-1')).toBeNull();
      expect((await store.findRecording('rec-2'))?.transcript?.segments).toHaveLength(3);
      const stats = await store.stats({ fromMs: null, toMs: null });
      expect(stats.recordings).toBe(3);
      expect(stats.topTopics.map((topic) => topic.topic)).toEqual(['cancellation', 'complaint', 'reservation']);
      if (!lacks('text search')) expect((await store.search(query({}, 'party'))).total).toBe(0);
    });

    it.skipIf(lacks('backup'))('backs up to a SQLite file that opens as the same archive', async () => {
      const { store } = await seeded();
      const dir = tempDir();
      const file = join(dir, 'backup.db');
      expect(await store.backup(file)).toEqual({ recordings: 6 });
      expect(existsSync(file)).toBe(true);
      const copy = await openStore(file);
      open.push(copy);
      expect((await copy.findRecording('rec-1'))?.transcript?.segments).toHaveLength(3);
      expect((await copy.stats({ fromMs: null, toMs: null })).recordings).toBe(6);
    });
  });
}

const tempDir = useTempDirs();
