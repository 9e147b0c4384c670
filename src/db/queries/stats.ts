import type { Database } from 'better-sqlite3';
import { TRANSCRIPT_STATUSES } from '../rows.js';

/** Keys are start time in ms × 1000 (write-recordings.ts). */
const KEYS_PER_MS = 1000;
const DIRECTIONS = ['Inbound', 'Outbound'] as const;
const SENTIMENTS = ['Positive', 'Neutral', 'Negative'] as const;

export interface Stats {
  recordings: number;
  withTranscript: number;
  transcriptSuccessRate: number | null;
  averageConfidence: number | null;
  sentiment: Record<string, number>;
  topTopics: { topic: string; count: number }[];
  byDirection: Record<string, number>;
  byTranscriptStatus: Record<string, number>;
  perDay: { date: string; count: number }[];
  averageDurationSeconds: number | null;
  lastSync: { time: string; startedAt: string; finishedAt: string | null; status: string; error: string | null } | null;
}

export interface StatsRange {
  fromMs: number | null;
  toMs: number | null;
}

/**
 * Totals over start times in [fromMs, toMs), all counted by SQLite: only aggregates reach
 * JavaScript, never rows. One pass over the range counts the known values of direction, status and
 * sentiment with FILTER clauses (a GROUP BY would sort a million rows first: ~4× slower here); a
 * value outside the known ones, should RingCentral add one, is counted by a GROUP BY only then.
 */
export function computeStats(db: Database, range: StatsRange): Stats {
  const params = {
    fromKey: range.fromMs === null ? Number.MIN_SAFE_INTEGER : range.fromMs * KEYS_PER_MS,
    toKey: range.toMs === null ? Number.MAX_SAFE_INTEGER : range.toMs * KEYS_PER_MS,
  };
  const inRange = 'key >= @fromKey AND key < @toKey';
  const known = [
    ...DIRECTIONS.map((d, i) => `count(*) FILTER (WHERE direction = '${d}') AS d${i}`),
    ...TRANSCRIPT_STATUSES.map((s, i) => `count(*) FILTER (WHERE transcript_status = '${s}') AS s${i}`),
    ...SENTIMENTS.map((s, i) => `count(*) FILTER (WHERE sentiment = '${s}') AS m${i}`),
  ];
  const totals = db
    .prepare(
      `SELECT count(*) AS recordings,
              count(*) FILTER (WHERE transcript_status = 'ready' AND transcript_segment_count > 0) AS withTranscript,
              total(duration_seconds) AS durationSum,
              count(transcript_confidence) AS confidenceCount, total(transcript_confidence) AS confidenceSum,
              count(sentiment) AS withSentiment, ${known.join(', ')}
       FROM recordings WHERE ${inRange}`,
    )
    .get(params) as Record<string, number>;

  const breakdown = (names: readonly string[], prefix: string, column: string, counted: number): Record<string, number> => {
    const result: Record<string, number> = Object.fromEntries(names.map((name, i) => [name, totals[`${prefix}${i}`] ?? 0]));
    const sum = Object.values(result).reduce((a, b) => a + b, 0);
    if (counted > sum) {
      const quoted = names.map((n) => `'${n}'`).join(', ');
      const others = db
        .prepare(`SELECT ${column} AS name, count(*) AS n FROM recordings WHERE ${inRange} AND ${column} NOT IN (${quoted}) GROUP BY ${column}`)
        .all(params) as { name: string; n: number }[];
      for (const other of others) result[other.name] = other.n;
    }
    return result;
  };
  const recordings = totals.recordings ?? 0;
  const byDirection = breakdown(DIRECTIONS, 'd', 'direction', recordings);
  const byTranscriptStatus = breakdown(TRANSCRIPT_STATUSES, 's', 'transcript_status', recordings);
  const sentiment = breakdown(SENTIMENTS, 'm', 'sentiment', totals.withSentiment ?? 0);
  const attempted = recordings - (byTranscriptStatus.skipped ?? 0) - (byTranscriptStatus.pending ?? 0);
  const confidenceCount = totals.confidenceCount ?? 0;

  // The (kind, value, recording_key) index answers this without touching recordings.
  const topTopics = db
    .prepare(
      `SELECT value AS topic, count(*) AS count FROM insights
       WHERE kind = 'topic' AND recording_key >= @fromKey AND recording_key < @toKey
       GROUP BY value ORDER BY count DESC, value LIMIT 10`,
    )
    .all(params) as { topic: string; count: number }[];

  return {
    recordings,
    withTranscript: totals.withTranscript ?? 0,
    transcriptSuccessRate: attempted > 0 ? (byTranscriptStatus.ready ?? 0) / attempted : null,
    averageConfidence: confidenceCount > 0 ? (totals.confidenceSum ?? 0) / confidenceCount : null,
    sentiment,
    topTopics,
    byDirection,
    byTranscriptStatus,
    perDay: recordings > 0 ? perLocalDay(db, params) : [],
    averageDurationSeconds: recordings > 0 ? (totals.durationSum ?? 0) / recordings : null,
    lastSync: lastSync(db),
  };
}

/**
 * Calls per local calendar day (YYYY-MM-DD), oldest first: one count per day over the start_time
 * index, whose entries are far denser than the table's rows (which carry the transcripts). Local
 * midnights come from JavaScript, so days follow the user's time zone, DST included.
 */
function perLocalDay(db: Database, params: { fromKey: number; toKey: number }): { date: string; count: number }[] {
  const span = db.prepare('SELECT min(key) AS first, max(key) AS last FROM recordings WHERE key >= @fromKey AND key < @toKey').get(params) as {
    first: number;
    last: number;
  };
  const countIn = db.prepare('SELECT count(*) FROM recordings WHERE start_time >= ? AND start_time < ?').pluck();
  const lowest = Math.max(span.first, params.fromKey) / KEYS_PER_MS;
  const highest = Math.min(span.last / KEYS_PER_MS + 1, params.toKey / KEYS_PER_MS);
  const days: { date: string; count: number }[] = [];
  const first = new Date(Math.floor(lowest));
  for (let day = new Date(first.getFullYear(), first.getMonth(), first.getDate()); day.getTime() < highest; ) {
    const next = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
    const from = new Date(Math.max(day.getTime(), lowest)).toISOString();
    const to = new Date(Math.min(next.getTime(), highest)).toISOString();
    const count = countIn.get(from, to) as number;
    if (count > 0) days.push({ date: localDate(day), count });
    day = next;
  }
  return days;
}

function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function lastSync(db: Database): Stats['lastSync'] {
  const run = db
    .prepare('SELECT started_at AS startedAt, finished_at AS finishedAt, status, error FROM sync_runs ORDER BY id DESC LIMIT 1')
    .get() as { startedAt: string; finishedAt: string | null; status: string; error: string | null } | undefined;
  if (!run) return null;
  return { time: run.finishedAt ?? run.startedAt, ...run };
}
