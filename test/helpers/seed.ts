import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDb } from '../../src/db/open.js';
import type { CallRecordingRow, Party, SegmentRow, TranscriptRow } from '../../src/db/row-types.js';
import { setTranscriptState, writeCallRecordings, writeTranscript } from '../../src/db/sqlite/write-recordings.js';
import type { TranscriptStatus } from '../../src/db/transcript-status.js';
import type { ArchiveStore } from '../../src/db/store.js';
import { isPostgresUrl } from '../../src/util/database-url.js';
import { archiveFor } from './backends.js';

/** One seeded recording: a call-log row, optionally its transcript (→ `ready`) or another transcript state. */
export interface SeedRecording {
  id: string;
  startTime: string;
  callId?: string;
  sessionId?: string | null;
  telephonySessionId?: string | null;
  durationSeconds?: number;
  direction?: 'Inbound' | 'Outbound';
  from?: Partial<Party>;
  to?: Partial<Party>;
  recordingType?: string;
  /** Segments as `Speaker: text` lines or full rows; with these (or `insights`) the transcript is stored. */
  lines?: (string | SegmentRow)[];
  insights?: Partial<Omit<TranscriptRow, 'segments'>>;
  /** A transcript state other than the ones writeTranscript sets (pending by default). */
  status?: TranscriptStatus;
}

export const SEED_NOW = '2026-11-26T12:00:00.000Z';

export function callRow(seed: SeedRecording): CallRecordingRow {
  const from = seed.from;
  const to = seed.to;
  return {
    id: seed.id,
    callId: seed.callId ?? `call-${seed.id}`,
    sessionId: seed.sessionId ?? null,
    telephonySessionId: seed.telephonySessionId ?? null,
    startTime: seed.startTime,
    durationSeconds: seed.durationSeconds ?? 60,
    direction: seed.direction ?? 'Inbound',
    fromNumber: from?.phoneNumber === undefined ? '+14155550100' : from.phoneNumber,
    fromName: from?.name ?? null,
    fromExtension: from?.extensionNumber ?? null,
    toNumber: to?.phoneNumber === undefined ? '+16505550199' : to.phoneNumber,
    toName: to?.name ?? null,
    toExtension: to?.extensionNumber ?? null,
    extensionId: null,
    recordingType: seed.recordingType ?? 'Automatic',
    contentUri: `https://media.example.test/restapi/v1.0/account/~/recording/${seed.id}/content`,
    shortRecording: false,
    lastModifiedTime: null,
    callLogJson: JSON.stringify({ id: seed.callId ?? `call-${seed.id}`, recording: { id: seed.id } }),
    transcriptStatus: seed.status === 'skipped' ? 'skipped' : 'pending',
  };
}

export function transcriptRow(seed: SeedRecording): TranscriptRow {
  const segments = (seed.lines ?? []).map((line, i): SegmentRow => {
    if (typeof line !== 'string') return line;
    const colon = line.indexOf(': ');
    const speaker = colon > 0 ? line.slice(0, colon) : 'Speaker 1';
    return { speakerId: speaker.toLowerCase(), speakerName: speaker, start: i * 5, end: i * 5 + 4.5, text: colon > 0 ? line.slice(colon + 2) : line };
  });
  return {
    segments,
    confidence: null,
    summary: null,
    sentiment: null,
    aiScore: null,
    highlights: [],
    nextSteps: [],
    topics: [],
    intent: null,
    ...seed.insights,
  };
}

/** Writes recordings through the same functions sync uses, into an open database. */
export function seedRecordings(db: Database, seeds: readonly SeedRecording[]): void {
  writeCallRecordings(db, seeds.map(callRow), SEED_NOW);
  for (const seed of seeds) {
    if (seed.lines !== undefined || seed.insights !== undefined) writeTranscript(db, seed.id, transcriptRow(seed), SEED_NOW);
    if (seed.status !== undefined && seed.status !== 'ready' && seed.status !== 'skipped') {
      setTranscriptState(db, seed.id, { status: seed.status, nextAttemptAt: null, error: null, attempted: true }, SEED_NOW);
    }
  }
}

/**
 * A new archive, migrated and seeded, closed again; returns its `--db`: the file `recordings.db` in
 * `dir`, or on PostgreSQL (test/helpers/backends.ts, useBackend) the folder's own schema.
 */
export async function seedDatabaseFile(dir: string, seeds: readonly SeedRecording[]): Promise<string> {
  const path = archiveFor(dir, join(dir, 'recordings.db'));
  if (isPostgresUrl(path)) {
    const { openStore } = await import('../../src/db/open-store.js');
    const store = await openStore(path, { create: true });
    try {
      await seedStore(store, seeds);
    } finally {
      await store.close();
    }
    return path;
  }
  const db = await openDb(path);
  try {
    seedRecordings(db, seeds);
  } finally {
    db.close();
  }
  return path;
}

/** The same as seedRecordings, through a store: any backend (src/db/store.ts). */
export async function seedStore(store: ArchiveStore, seeds: readonly SeedRecording[]): Promise<void> {
  await store.writeCallRecordings(seeds.map(callRow), SEED_NOW);
  for (const seed of seeds) {
    if (seed.lines !== undefined || seed.insights !== undefined) await store.writeTranscript(seed.id, transcriptRow(seed), SEED_NOW);
    if (seed.status !== undefined && seed.status !== 'ready' && seed.status !== 'skipped') {
      await store.setTranscriptState(seed.id, { status: seed.status, nextAttemptAt: null, error: null, attempted: true }, SEED_NOW);
    }
  }
}
