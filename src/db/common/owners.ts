import { type Placeholder, sql, type SQL } from 'drizzle-orm';
import type { OwnersTable } from './tables.js';

/*
 * What RingSense's answers do to a recording's owner, on either dialect (src/db/sqlite/sync-state.ts,
 * src/db/postgres/sync-state.ts): an owner unknown so far is inserted as the answer leaves it, a
 * known one updated by the `set` expressions, in one upsert. Values may be placeholders of a
 * statement prepared once (SQLite) or the values themselves (PostgreSQL).
 */

type Value<T> = T | Placeholder;

/** An owner as RecordingOwner names it: every column but when the row last changed. */
export function ownerFields<T extends OwnersTable>(table: T): Pick<T, 'extensionId' | 'extensionNumber' | 'name' | 'insightsSeenAt' | 'unavailableStreak' | 'sparseSince'> {
  const { extensionId, extensionNumber, name, insightsSeenAt, unavailableStreak, sparseSince } = table;
  return { extensionId, extensionNumber, name, insightsSeenAt, unavailableStreak, sparseSince };
}

/** RingSense answered 200 for one of the owner's recordings: it has insights, its streak ends. */
export function ownerInsightsSeen(extensionId: Value<string>, now: Value<string>) {
  return {
    values: { extensionId, insightsSeenAt: now, unavailableStreak: 0, sparseSince: null, updatedAt: now },
    set: { insightsSeenAt: sql`excluded.insights_seen_at`, unavailableStreak: 0, sparseSince: null, updatedAt: sql`excluded.updated_at` },
  };
}

/**
 * One more of the owner's recordings ended `unavailable`: while the owner never had insights its
 * streak grows, and from `sparseAfter` on its recordings are asked about sparingly (since the first
 * time it got there); an owner that had insights keeps a streak of 0.
 */
export function ownerUnavailable(table: OwnersTable, extensionId: Value<string>, sparseAfter: Value<number>, now: Value<string>) {
  const neverSeen = sql`${table.insightsSeenAt} IS NULL`;
  const set: { unavailableStreak: SQL; sparseSince: SQL; updatedAt: SQL } = {
    unavailableStreak: sql`CASE WHEN ${neverSeen} THEN ${table.unavailableStreak} + 1 ELSE 0 END`,
    sparseSince: sql`CASE WHEN ${neverSeen} AND ${table.unavailableStreak} + 1 >= ${sparseAfter} THEN coalesce(${table.sparseSince}, ${now}) END`,
    updatedAt: sql`excluded.updated_at`,
  };
  // A new owner's streak is 1: sparse at once when that is already enough.
  const values = { extensionId, unavailableStreak: 1, sparseSince: sql`CASE WHEN 1 >= ${sparseAfter} THEN ${now} END`, updatedAt: now };
  return { values, set };
}
