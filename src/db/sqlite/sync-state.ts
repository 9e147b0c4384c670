import type { Database } from 'better-sqlite3';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { DueTranscript, RecordingOwner } from '../row-types.js';
import { ownerFields, ownerInsightsSeen, ownerUnavailable } from '../common/owners.js';
import { STATE_UPSERT, stateRows } from '../common/states.js';
import { dueTranscriptFields, RETRIED_TRANSCRIPTS, transcriptDue } from '../common/transcripts.js';
import type { LockAttempt, LockHolder, RunFields } from '../store.js';
import { type Drizzle, drizzleOf, preparedFor } from './drizzle.js';
import { recordingOwners, recordings, syncRuns, syncState } from './schema.js';

const LOCK = 'sync_lock';

/**
 * Takes the lock unless a live holder has it. The check and the write happen in one IMMEDIATE
 * transaction, so two syncs starting together cannot both win. `canTakeOver` decides whether a
 * stored holder is dead (a killed process) and may be replaced.
 */
export function tryAcquireLock(db: Database, holder: LockHolder, canTakeOver: (current: LockHolder) => boolean): LockAttempt {
  return db
    .transaction((): LockAttempt => {
      const stored = drizzleOf(db).select({ value: syncState.value }).from(syncState).where(eq(syncState.name, LOCK)).get()?.value;
      const current = stored ? (JSON.parse(stored) as LockHolder) : null;
      if (current && !canTakeOver(current)) return { acquired: false, holder: current };
      writeStates(db, { [LOCK]: JSON.stringify(holder) }, holder.startedAt);
      return { acquired: true, replaced: current };
    })
    .immediate();
}

/** Refreshes the holder's heartbeat; false when the lock is no longer ours (taken over). */
export function heartbeatLock(db: Database, token: string, now: string): boolean {
  const result = drizzleOf(db)
    .update(syncState)
    .set({ value: sql`json_set(${syncState.value}, '$.heartbeatAt', ${now})`, updatedAt: now })
    .where(ownLock(token))
    .run();
  return result.changes === 1;
}

export function releaseLock(db: Database, token: string): void {
  drizzleOf(db).delete(syncState).where(ownLock(token)).run();
}

function ownLock(token: string) {
  return and(eq(syncState.name, LOCK), sql`json_extract(${syncState.value}, '$.token') = ${token}`);
}

/** Named values (the checkpoint, the lock, …), all in one statement. */
export function writeStates(db: Database, values: Readonly<Record<string, string>>, now: string): void {
  const rows = stateRows(values, now);
  if (rows.length > 0) drizzleOf(db).insert(syncState).values(rows).onConflictDoUpdate({ target: syncState.name, set: STATE_UPSERT }).run();
}

export function startRun(db: Database, input: { startedAt: string; pid: number }): number {
  const [run] = drizzleOf(db).insert(syncRuns).values({ startedAt: input.startedAt, status: 'running', pid: input.pid }).returning({ id: syncRuns.id }).all();
  return run!.id;
}

export function updateRun(db: Database, id: number, fields: RunFields): void {
  const set = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  if (Object.keys(set).length === 0) return;
  drizzleOf(db).update(syncRuns).set(set).where(eq(syncRuns.id, id)).run();
}

/** Runs left `running` by a process that no longer exists (killed) are marked `interrupted`. */
export function markAbandonedRuns(db: Database, isAbandoned: (pid: number | null) => boolean, now: string): number {
  const d = drizzleOf(db);
  const running = d.select({ id: syncRuns.id, pid: syncRuns.pid }).from(syncRuns).where(eq(syncRuns.status, 'running')).all();
  const abandoned = running.filter((run) => isAbandoned(run.pid)).map((run) => run.id);
  if (abandoned.length === 0) return 0;
  d.update(syncRuns)
    .set({ status: 'interrupted', finishedAt: now, error: sql`coalesce(${syncRuns.error}, 'the sync process ended without finishing (killed?)')` })
    .where(inArray(syncRuns.id, abandoned))
    .run();
  return abandoned.length;
}

/** Transcripts due now, oldest call first, bounded per run (docs/design.md, "Sync", step 5). */
export function dueTranscripts(db: Database, now: string, limit: number): DueTranscript[] {
  return drizzleOf(db).select(dueTranscriptFields(recordings)).from(recordings).where(transcriptDue(recordings, now)).orderBy(asc(recordings.startTime)).limit(limit).all();
}

/** How many transcripts are due now: what `dueTranscripts` would hand out without a limit. */
export function countDueTranscripts(db: Database, now: string): number {
  return drizzleOf(db).select({ count: count() }).from(recordings).where(transcriptDue(recordings, now)).get()?.count ?? 0;
}

/** `sync --retry`: every pending, unavailable, failed or not-licensed transcript becomes due now. */
export function makeAllTranscriptsDue(db: Database, now: string): number {
  return drizzleOf(db)
    .update(recordings)
    .set({ transcriptStatus: 'pending', transcriptNextAttemptAt: null, updatedAt: now })
    .where(inArray(recordings.transcriptStatus, RETRIED_TRANSCRIPTS))
    .run().changes;
}

/** The statements of each answer RingSense gives, made once per connection: they run once per transcript asked for. */
function ownerStatements(d: Drizzle) {
  const extensionId = sql.placeholder('extensionId');
  const now = sql.placeholder('now');
  const seen = ownerInsightsSeen(extensionId, now);
  const unavailable = ownerUnavailable(recordingOwners, extensionId, sql.placeholder('sparseAfter'), now);
  return {
    owner: d.select(ownerFields(recordingOwners)).from(recordingOwners).where(eq(recordingOwners.extensionId, extensionId)).prepare(),
    insightsSeen: d.insert(recordingOwners).values(seen.values).onConflictDoUpdate({ target: recordingOwners.extensionId, set: seen.set }).prepare(),
    unavailable: d.insert(recordingOwners).values(unavailable.values).onConflictDoUpdate({ target: recordingOwners.extensionId, set: unavailable.set }).prepare(),
  };
}

export function recordingOwner(db: Database, extensionId: string): RecordingOwner | null {
  return preparedFor(db, ownerStatements).owner.get({ extensionId }) ?? null;
}

/**
 * RingSense answered 200 for one of the owner's recordings: it has insights, its streak ends and its
 * recordings get the normal series again. Returns the owner as it was before.
 */
export function noteOwnerInsights(db: Database, extensionId: string, now: string): RecordingOwner | null {
  return db
    .transaction(() => {
      const before = recordingOwner(db, extensionId);
      preparedFor(db, ownerStatements).insightsSeen.run({ extensionId, now });
      return before;
    })
    .immediate();
}

/**
 * One more of the owner's recordings ended `unavailable`. While the owner never had insights this
 * lengthens its streak, and from `sparseAfter` on it is asked about sparingly. Returns the owner
 * after the change.
 */
export function noteOwnerUnavailable(db: Database, extensionId: string, sparseAfter: number, now: string): RecordingOwner {
  return db
    .transaction(() => {
      preparedFor(db, ownerStatements).unavailable.run({ extensionId, sparseAfter, now });
      return recordingOwner(db, extensionId)!;
    })
    .immediate();
}
