import { sql, type SQL } from 'drizzle-orm';
import type { OwnersTable, RecordingsTable } from '../common/tables.js';
import type { CopiedRecording, InsightRecord, SegmentRecord } from './types.js';

/*
 * What the two dialects' copies read and write alike (src/db/sqlite/copy.ts, src/db/postgres/copy.ts):
 * what the target holds of a recording, how a recording's segments and insights join it, and how an
 * owner is merged.
 */

/** What the target holds of a recording, for planCopy (src/db/copy/merge.ts). */
export function targetVersionFields<T extends RecordingsTable>(table: T): Pick<T, 'id' | 'key' | 'updatedAt' | 'legalHold' | 'holdReason' | 'heldAt'> {
  return { id: table.id, key: table.key, updatedAt: table.updatedAt, legalHold: table.legalHold, holdReason: table.holdReason, heldAt: table.heldAt };
}

/** Rows read with their key, and the segments and insights of those keys (in order), as copied recordings. */
export function withDetails(
  rows: readonly ({ key: number } & CopiedRecording['row'])[],
  segments: readonly ({ recordingKey: number } & SegmentRecord)[],
  insights: readonly ({ recordingKey: number } & InsightRecord)[],
): CopiedRecording[] {
  const segmentsOf = groupByKey(segments);
  const insightsOf = groupByKey(insights);
  return rows.map(({ key, ...row }) => ({ row, segments: segmentsOf.get(key) ?? [], insights: insightsOf.get(key) ?? [] }));
}

function groupByKey<T extends { recordingKey: number }>(rows: readonly T[]): Map<number, Omit<T, 'recordingKey'>[]> {
  const grouped = new Map<number, Omit<T, 'recordingKey'>[]>();
  for (const { recordingKey, ...rest } of rows) {
    let list = grouped.get(recordingKey);
    if (!list) grouped.set(recordingKey, (list = []));
    list.push(rest);
  }
  return grouped;
}

/** An owner the target has follows the source's row when that is newer. */
export function ownerCopyUpdate(table: OwnersTable): { set: Record<string, SQL>; setWhere: SQL } {
  return {
    set: {
      extensionNumber: sql`excluded.extension_number`,
      name: sql`excluded.name`,
      insightsSeenAt: sql`excluded.insights_seen_at`,
      unavailableStreak: sql`excluded.unavailable_streak`,
      sparseSince: sql`excluded.sparse_since`,
      updatedAt: sql`excluded.updated_at`,
    },
    setWhere: sql`excluded.updated_at > ${table.updatedAt}`,
  };
}
