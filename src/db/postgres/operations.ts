import { and, eq, inArray, sql } from 'drizzle-orm';
import type pg from 'pg';
import type { HoldChange, HoldState } from '../ops-queries.js';
import type { PruneCandidate } from '../prune.js';
import { type AuditEntry, type AuditRow, parseDetails } from '../queries/audit.js';
import { changed, type Db } from './drizzle.js';
import { auditLog, recordings } from './schema.js';
import { storableText } from './text-values.js';

/** Appends one row to the audit log: the one write a support desk's role may make (README.md, "When one file is not enough"). */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    at: entry.at,
    action: entry.action,
    actor: entry.actor,
    recordingId: storableText(entry.recordingId ?? null),
    details: storableText(JSON.stringify(entry.details)),
  });
}

/** The newest `limit` audit rows, newest first (ties in `at` by insertion order). */
export async function listAudit(client: pg.Client, limit: number): Promise<AuditRow[]> {
  const rows = await client.query<Omit<AuditRow, 'details'> & { details: string }>(
    'SELECT id, at, action, actor, recording_id AS "recordingId", details FROM audit_log ORDER BY at DESC, id DESC LIMIT $1',
    [limit],
  );
  return rows.rows.map((row) => ({ ...row, details: parseDetails(row.details) }));
}

export async function holdStates(client: pg.Client, ids: readonly string[]): Promise<HoldState[]> {
  const rows = await client.query<HoldState>(
    'SELECT id, start_time AS "startTime", legal_hold AS "legalHold", hold_reason AS "holdReason", held_at AS "heldAt" FROM recordings WHERE id = ANY($1::text[])',
    [ids],
  );
  const byId = new Map(rows.rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/**
 * Places or releases holds and writes one audit row per recording whose hold changed, in one
 * transaction (src/db/ops-queries.ts, changeLegalHold). Returns the ids that changed.
 */
export async function changeLegalHold(client: pg.Client, db: Db, ids: readonly string[], change: HoldChange): Promise<string[]> {
  return db.transaction(async (tx) => {
    const changedIds: string[] = [];
    for (const before of await holdStates(client, ids)) {
      const result = change.hold
        ? await tx
            .update(recordings)
            .set({ legalHold: true, holdReason: sql`coalesce(${change.reason}::text, ${recordings.holdReason})`, heldAt: sql`coalesce(${recordings.heldAt}, ${change.at}::text)` })
            .where(
              and(
                eq(recordings.id, before.id),
                sql`(NOT ${recordings.legalHold} OR (${change.reason}::text IS NOT NULL AND ${recordings.holdReason} IS DISTINCT FROM ${change.reason}::text))`,
              ),
            )
        : await tx
            .update(recordings)
            .set({ legalHold: false, holdReason: null, heldAt: null })
            .where(and(eq(recordings.id, before.id), eq(recordings.legalHold, true)));
      if (changed(result) === 0) continue;
      changedIds.push(before.id);
      await appendAudit(tx, {
        at: change.at,
        action: change.hold ? 'hold' : 'release',
        actor: change.actor,
        recordingId: before.id,
        details: change.hold
          ? { reason: change.reason ?? before.holdReason, requestedId: change.requestedId, alreadyHeld: before.legalHold }
          : { requestedId: change.requestedId, previousReason: before.holdReason, heldAt: before.heldAt },
      });
    }
    return changedIds;
  });
}

export async function pruneCounts(client: pg.Client, cutoff: string): Promise<{ deletable: number; held: number; audioFiles: number }> {
  const rows = await client.query<{ deletable: number; held: number; audioFiles: number }>(
    `SELECT count(*) FILTER (WHERE NOT legal_hold) AS deletable, count(*) FILTER (WHERE legal_hold) AS held,
            count(*) FILTER (WHERE NOT legal_hold AND audio_path IS NOT NULL) AS "audioFiles"
     FROM recordings WHERE start_time < $1`,
    [cutoff],
  );
  return rows.rows[0]!;
}

export async function pruneCandidates(client: pg.Client, cutoff: string, limit: number): Promise<PruneCandidate[]> {
  const rows = await client.query<PruneCandidate>(
    `SELECT id, start_time AS "startTime", audio_path AS "audioPath" FROM recordings
     WHERE start_time < $1 AND NOT legal_hold ORDER BY start_time LIMIT $2`,
    [cutoff, limit],
  );
  return rows.rows;
}

/** One batch of a prune in one transaction; segments and insights go by cascade. Returns what was deleted. */
export async function deletePruneBatch(client: pg.Client, db: Db, cutoff: string, batchSize: number): Promise<PruneCandidate[]> {
  return db.transaction(async (tx) => {
    const rows = await pruneCandidates(client, cutoff, batchSize);
    if (rows.length > 0) await tx.delete(recordings).where(inArray(recordings.id, rows.map((row) => row.id)));
    return rows;
  });
}
