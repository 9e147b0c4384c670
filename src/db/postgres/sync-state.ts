import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type pg from 'pg';
import { APPLICATION_ID } from '../archive-id.js';
import type { DueTranscript, RecordingOwner } from '../row-types.js';
import { ownerFields, ownerInsightsSeen, ownerUnavailable } from '../common/owners.js';
import { STATE_UPSERT, stateRows } from '../common/states.js';
import { dueTranscriptFields, RETRIED_TRANSCRIPTS, transcriptDue } from '../common/transcripts.js';
import type { LockAttempt, LockHolder, RunFields } from '../store.js';
import { changed, type Db } from './drizzle.js';
import { recordingOwners, recordings, syncRuns, syncState } from './schema.js';

const LOCK = 'sync_lock';

/**
 * The advisory lock's two keys: recordings' own ('RCRD'), and the oid of this archive's `recordings`
 * table, so that two archives in two schemas of one database do not share a lock.
 */
const LOCK_KEYS = `${APPLICATION_ID}, 'recordings'::regclass::oid::int`;

/**
 * The sync lock on PostgreSQL (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team"): `pg_try_advisory_lock`, which never
 * waits, held by this session until it is released or the connection ends (a killed sync's
 * connection ends with it, so there is nothing to take over). The holder is also written to
 * sync_state, for the message a second sync prints.
 */
export async function tryAcquireSyncLock(client: pg.Client, db: Db, holder: LockHolder): Promise<LockAttempt> {
  const attempt = await client.query<{ acquired: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_KEYS}) AS acquired`);
  const stored = await readState(db, LOCK);
  const current = stored ? (JSON.parse(stored) as LockHolder) : null;
  if (!attempt.rows[0]!.acquired) return { acquired: false, holder: current };
  await writeStates(db, { [LOCK]: JSON.stringify(holder) }, holder.startedAt);
  return { acquired: true, replaced: current };
}

export async function heartbeatSyncLock(db: Db, token: string, now: string): Promise<boolean> {
  const result = await db
    .update(syncState)
    .set({ value: sql`jsonb_set(${syncState.value}::jsonb, '{heartbeatAt}', to_jsonb(${now}::text))::text`, updatedAt: now })
    .where(and(eq(syncState.name, LOCK), sql`${syncState.value}::jsonb ->> 'token' = ${token}`));
  return changed(result) === 1;
}

export async function releaseSyncLock(client: pg.Client, db: Db, token: string): Promise<void> {
  await db.delete(syncState).where(and(eq(syncState.name, LOCK), sql`${syncState.value}::jsonb ->> 'token' = ${token}`));
  await client.query(`SELECT pg_advisory_unlock(${LOCK_KEYS})`);
}

export async function markAbandonedRuns(db: Db, isAbandoned: (pid: number | null) => boolean, now: string): Promise<number> {
  const running = await db.select({ id: syncRuns.id, pid: syncRuns.pid }).from(syncRuns).where(eq(syncRuns.status, 'running'));
  const abandoned = running.filter((run) => isAbandoned(run.pid)).map((run) => run.id);
  if (abandoned.length === 0) return 0;
  await db
    .update(syncRuns)
    .set({ status: 'interrupted', finishedAt: now, error: sql`coalesce(${syncRuns.error}, 'the sync process ended without finishing (killed?)')` })
    .where(inArray(syncRuns.id, abandoned));
  return abandoned.length;
}

export async function startRun(db: Db, input: { startedAt: string; pid: number }): Promise<number> {
  const [run] = await db.insert(syncRuns).values({ startedAt: input.startedAt, status: 'running', pid: input.pid }).returning({ id: syncRuns.id });
  return run!.id;
}

export async function updateRun(db: Db, id: number, fields: RunFields): Promise<void> {
  const set = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  if (Object.keys(set).length === 0) return;
  await db.update(syncRuns).set(set).where(eq(syncRuns.id, id));
}

export async function readState(db: Db, name: string): Promise<string | null> {
  const rows = await db.select({ value: syncState.value }).from(syncState).where(eq(syncState.name, name));
  return rows[0]?.value ?? null;
}

export async function writeStates(db: Db, values: Readonly<Record<string, string>>, now: string): Promise<void> {
  const rows = stateRows(values, now);
  if (rows.length > 0) await db.insert(syncState).values(rows).onConflictDoUpdate({ target: syncState.name, set: STATE_UPSERT });
}

/** Transcripts due now, oldest call first, bounded per run (docs/design.md, "Sync", step 5). */
export async function dueTranscripts(db: Db, now: string, limit: number): Promise<DueTranscript[]> {
  return db.select(dueTranscriptFields(recordings)).from(recordings).where(transcriptDue(recordings, now)).orderBy(asc(recordings.startTime)).limit(limit);
}

/** How many transcripts are due now: what dueTranscripts would hand out without a limit. */
export async function countDueTranscripts(db: Db, now: string): Promise<number> {
  const [row] = await db.select({ count: count() }).from(recordings).where(transcriptDue(recordings, now));
  return row?.count ?? 0;
}

export async function makeAllTranscriptsDue(db: Db, now: string): Promise<number> {
  const result = await db
    .update(recordings)
    .set({ transcriptStatus: 'pending', transcriptNextAttemptAt: null, updatedAt: now })
    .where(inArray(recordings.transcriptStatus, RETRIED_TRANSCRIPTS));
  return changed(result);
}

export async function recordingOwner(db: Db, extensionId: string): Promise<RecordingOwner | null> {
  const rows = await db.select(ownerFields(recordingOwners)).from(recordingOwners).where(eq(recordingOwners.extensionId, extensionId));
  return rows[0] ?? null;
}

/** The owner's streak ends (src/db/common/owners.ts); returns it as it was before. */
export async function noteOwnerInsights(db: Db, extensionId: string, now: string): Promise<RecordingOwner | null> {
  return db.transaction(async (tx) => {
    const before = await recordingOwner(tx, extensionId);
    const { values, set } = ownerInsightsSeen(extensionId, now);
    await tx.insert(recordingOwners).values(values).onConflictDoUpdate({ target: recordingOwners.extensionId, set });
    return before;
  });
}

/** One more recording without insights (src/db/common/owners.ts); returns the owner after. */
export async function noteOwnerUnavailable(db: Db, extensionId: string, sparseAfter: number, now: string): Promise<RecordingOwner> {
  return db.transaction(async (tx) => {
    const { values, set } = ownerUnavailable(recordingOwners, extensionId, sparseAfter, now);
    await tx.insert(recordingOwners).values(values).onConflictDoUpdate({ target: recordingOwners.extensionId, set });
    return (await recordingOwner(tx, extensionId))!;
  });
}
