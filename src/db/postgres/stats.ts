import type pg from 'pg';
import { type Stats, type StatsGroup, type StatsRange, keyRange, localDays, statsFromTotals, topTen, totalsFromGroups } from '../queries/stats.js';

/**
 * `stats` on PostgreSQL: the same totals as on SQLite (src/db/queries/stats.ts), counted by the
 * server so that only aggregates reach JavaScript: one grouped pass over the range, the topics, the
 * calls per local day in one statement, the last sync.
 */
export async function computeStats(client: pg.Client, range: StatsRange): Promise<Stats> {
  const keys = keyRange(range);
  const bounds = [keys.fromKey, keys.toKey];
  const groups = await client.query<StatsGroup>(
    `SELECT direction, sentiment, transcript_status AS status, count(*) AS n,
            count(*) FILTER (WHERE transcript_segment_count > 0) AS "withSegments",
            coalesce(sum(duration_seconds), 0) AS "durationSum",
            count(transcript_confidence) AS "confidenceCount", coalesce(sum(transcript_confidence), 0) AS "confidenceSum"
     FROM recordings WHERE key >= $1 AND key < $2
     GROUP BY direction, sentiment, transcript_status`,
    bounds,
  );
  const totals = totalsFromGroups(groups.rows);
  const topics = await client.query<{ topic: string; count: number }>(
    `SELECT value AS topic, count(*) AS count FROM insights
     WHERE kind = 'topic' AND recording_key >= $1 AND recording_key < $2 GROUP BY value`,
    bounds,
  );
  return statsFromTotals(totals, {
    topTopics: topTen(topics.rows),
    perDay: totals.recordings > 0 ? await perLocalDay(client, keys) : [],
    lastSync: await lastSync(client),
  });
}

/** Calls per local calendar day: the days come from JavaScript (the user's time zone), the counts from one statement. */
async function perLocalDay(client: pg.Client, keys: { fromKey: number; toKey: number }): Promise<{ date: string; count: number }[]> {
  const span = await client.query<{ first: number; last: number }>('SELECT min(key) AS first, max(key) AS last FROM recordings WHERE key >= $1 AND key < $2', [
    keys.fromKey,
    keys.toKey,
  ]);
  const days = localDays(span.rows[0]!, keys);
  const counts = await client.query<{ day: number; count: number }>(
    `SELECT d.day, count(r.key) AS count
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS d(low, high, day)
     JOIN recordings r ON r.start_time >= d.low AND r.start_time < d.high
     GROUP BY d.day`,
    [days.map((day) => day.from), days.map((day) => day.to)],
  );
  const byDay = new Map(counts.rows.map((row) => [row.day, row.count]));
  return days.flatMap((day, i) => {
    const count = byDay.get(i + 1) ?? 0;
    return count > 0 ? [{ date: day.date, count }] : [];
  });
}

async function lastSync(client: pg.Client): Promise<Stats['lastSync']> {
  const found = await client.query<{ startedAt: string; finishedAt: string | null; status: string; error: string | null }>(
    'SELECT started_at AS "startedAt", finished_at AS "finishedAt", status, error FROM sync_runs ORDER BY id DESC LIMIT 1',
  );
  const run = found.rows[0];
  if (!run) return null;
  return { time: run.finishedAt ?? run.startedAt, ...run };
}
