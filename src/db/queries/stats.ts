import type { Database } from 'better-sqlite3';
import { TRANSCRIPT_STATUSES } from '../transcript-status.js';

/** Keys are start time in ms × 1000 (src/db/common/recording-upsert.ts). */
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
 * JavaScript, never rows. Both paths read covering indexes only (INDEXED BY: the planner would
 * rather walk the table by key, whose rows carry the transcripts; BENCHMARKS.md).
 */
export function computeStats(db: Database, range: StatsRange): Stats {
  const params: Record<string, number> = {};
  const bounds: string[] = [];
  if (range.fromMs !== null) {
    params.fromKey = range.fromMs * KEYS_PER_MS;
    bounds.push('key >= @fromKey');
  }
  if (range.toMs !== null) {
    params.toKey = range.toMs * KEYS_PER_MS;
    bounds.push('key < @toKey');
  }
  const totals = bounds.length === 0 ? wholeArchiveTotals(db) : rangeTotals(db, bounds, params);
  return statsFromTotals(totals, {
    topTopics: topicCounts(db, bounds, params),
    perDay:
      totals.recordings > 0
        ? perLocalDay(db, { fromKey: params.fromKey ?? Number.MIN_SAFE_INTEGER, toKey: params.toKey ?? Number.MAX_SAFE_INTEGER })
        : [],
    lastSync: lastSync(db),
  });
}

/** The key range of a start-time range: [fromKey, toKey), unbounded sides as the extreme safe integers. */
export function keyRange(range: StatsRange): { fromKey: number; toKey: number } {
  return {
    fromKey: range.fromMs === null ? Number.MIN_SAFE_INTEGER : range.fromMs * KEYS_PER_MS,
    toKey: range.toMs === null ? Number.MAX_SAFE_INTEGER : range.toMs * KEYS_PER_MS,
  };
}

/** The stats from the counted totals and the rest, the same on every backend (docs/cli.md, "`recordings stats`"). */
export function statsFromTotals(totals: Totals, rest: Pick<Stats, 'topTopics' | 'perDay' | 'lastSync'>): Stats {
  const { recordings, byTranscriptStatus, confidenceCount } = totals;
  const attempted = recordings - (byTranscriptStatus.skipped ?? 0) - (byTranscriptStatus.pending ?? 0);
  return {
    recordings,
    withTranscript: totals.withTranscript,
    transcriptSuccessRate: attempted > 0 ? (byTranscriptStatus.ready ?? 0) / attempted : null,
    averageConfidence: confidenceCount > 0 ? totals.confidenceSum / confidenceCount : null,
    sentiment: totals.sentiment,
    topTopics: rest.topTopics,
    byDirection: totals.byDirection,
    byTranscriptStatus,
    perDay: rest.perDay,
    averageDurationSeconds: recordings > 0 ? totals.durationSum / recordings : null,
    lastSync: rest.lastSync,
  };
}

export interface Totals {
  recordings: number;
  withTranscript: number;
  durationSum: number;
  confidenceCount: number;
  confidenceSum: number;
  byDirection: Record<string, number>;
  byTranscriptStatus: Record<string, number>;
  sentiment: Record<string, number>;
}

/** Known values start at 0, so they always show; values outside them appear as they are met. */
function zeroes(names: readonly string[]): Record<string, number> {
  return Object.fromEntries(names.map((name) => [name, 0]));
}

/**
 * The whole archive in one streaming pass: recordings_stats_groups_idx is ordered by direction,
 * sentiment and status, so the GROUP BY needs no sort and each row feeds five aggregates — about
 * half the cost of counting each known value with a FILTER (BENCHMARKS.md).
 */
function wholeArchiveTotals(db: Database): Totals {
  return totalsFromGroups(
    db
    .prepare(
      `SELECT direction, sentiment, transcript_status AS status, count(*) AS n,
              count(*) FILTER (WHERE transcript_segment_count > 0) AS withSegments,
              total(duration_seconds) AS durationSum,
              count(transcript_confidence) AS confidenceCount, total(transcript_confidence) AS confidenceSum
       FROM recordings INDEXED BY recordings_stats_groups_idx
       GROUP BY direction, sentiment, transcript_status`,
    )
    .all() as StatsGroup[],
  );
}

/** Counts of one (direction, sentiment, status) group of recordings. */
export interface StatsGroup {
  direction: string;
  sentiment: string | null;
  status: string;
  n: number;
  withSegments: number;
  durationSum: number;
  confidenceCount: number;
  confidenceSum: number;
}

/** The totals of a range from its groups, known values always present. */
export function totalsFromGroups(groups: readonly StatsGroup[]): Totals {
  const totals: Totals = {
    recordings: 0,
    withTranscript: 0,
    durationSum: 0,
    confidenceCount: 0,
    confidenceSum: 0,
    byDirection: zeroes(DIRECTIONS),
    byTranscriptStatus: zeroes(TRANSCRIPT_STATUSES),
    sentiment: zeroes(SENTIMENTS),
  };
  for (const g of groups) {
    totals.recordings += g.n;
    if (g.status === 'ready') totals.withTranscript += g.withSegments;
    totals.durationSum += g.durationSum;
    totals.confidenceCount += g.confidenceCount;
    totals.confidenceSum += g.confidenceSum;
    totals.byDirection[g.direction] = (totals.byDirection[g.direction] ?? 0) + g.n;
    totals.byTranscriptStatus[g.status] = (totals.byTranscriptStatus[g.status] ?? 0) + g.n;
    if (g.sentiment !== null) totals.sentiment[g.sentiment] = (totals.sentiment[g.sentiment] ?? 0) + g.n;
  }
  return totals;
}

/**
 * A range of start times: one pass over the range of recordings_stats_idx (key first, then every
 * aggregated column) counts the known values of direction and sentiment with FILTER clauses (a
 * GROUP BY would sort the range first); a value outside the known ones, should RingCentral add
 * one, is counted by a GROUP BY only then. Statuses come grouped from the index led by the status.
 */
function rangeTotals(db: Database, bounds: string[], params: Record<string, number>): Totals {
  const where = (...more: string[]) => `WHERE ${[...bounds, ...more].join(' AND ')}`;
  const fromIndex = 'recordings INDEXED BY recordings_stats_idx';
  const known = [
    ...DIRECTIONS.map((d, i) => `count(*) FILTER (WHERE direction = '${d}') AS d${i}`),
    ...SENTIMENTS.map((s, i) => `count(*) FILTER (WHERE sentiment = '${s}') AS m${i}`),
  ];
  const row = db
    .prepare(
      `SELECT count(*) AS recordings,
              count(*) FILTER (WHERE transcript_status = 'ready' AND transcript_segment_count > 0) AS withTranscript,
              total(duration_seconds) AS durationSum,
              count(transcript_confidence) AS confidenceCount, total(transcript_confidence) AS confidenceSum,
              count(sentiment) AS withSentiment, ${known.join(', ')}
       FROM ${fromIndex} ${where()}`,
    )
    .get(params) as Record<string, number>;
  const breakdown = (names: readonly string[], prefix: string, column: string, counted: number): Record<string, number> => {
    const result: Record<string, number> = Object.fromEntries(names.map((name, i) => [name, row[`${prefix}${i}`] ?? 0]));
    const sum = Object.values(result).reduce((a, b) => a + b, 0);
    if (counted > sum) {
      const quoted = names.map((n) => `'${n}'`).join(', ');
      const others = db
        .prepare(`SELECT ${column} AS name, count(*) AS n FROM ${fromIndex} ${where(`${column} NOT IN (${quoted})`)} GROUP BY ${column}`)
        .all(params) as { name: string; n: number }[];
      for (const other of others) result[other.name] = other.n;
    }
    return result;
  };
  const recordings = row.recordings ?? 0;
  const byTranscriptStatus = zeroes(TRANSCRIPT_STATUSES);
  const statuses = db
    .prepare(`SELECT transcript_status AS name, count(*) AS n FROM recordings INDEXED BY recordings_transcript_due_idx ${where()} GROUP BY transcript_status`)
    .all(params) as { name: string; n: number }[];
  for (const status of statuses) byTranscriptStatus[status.name] = status.n;
  return {
    recordings,
    withTranscript: row.withTranscript ?? 0,
    durationSum: row.durationSum ?? 0,
    confidenceCount: row.confidenceCount ?? 0,
    confidenceSum: row.confidenceSum ?? 0,
    byDirection: breakdown(DIRECTIONS, 'd', 'direction', recordings),
    byTranscriptStatus,
    sentiment: breakdown(SENTIMENTS, 'm', 'sentiment', row.withSentiment ?? 0),
  };
}

/**
 * The ten most frequent topics. Walks the distinct topic names on the (kind, value, recording_key)
 * index (one seek each) and counts each name's range there, the key bounds included: no insight
 * row, no sort of a million entries. A GROUP BY over the same index compares every entry's value
 * and took ~1.6× as long at 1M recordings (BENCHMARKS.md).
 */
function topicCounts(db: Database, bounds: string[], params: Record<string, number>): { topic: string; count: number }[] {
  const index = "insights INDEXED BY insights_kind_value_idx WHERE kind = 'topic'";
  const first = db.prepare(`SELECT min(value) FROM ${index}`).pluck();
  const next = db.prepare(`SELECT min(value) FROM ${index} AND value > ?`).pluck();
  const count = db.prepare(`SELECT count(*) FROM ${index} AND value = @value${bounds.map((b) => ` AND recording_${b}`).join('')}`).pluck();
  const counts: { topic: string; count: number }[] = [];
  for (let value = first.get() as string | null; value !== null; value = next.get(value) as string | null) {
    const n = count.get({ ...params, value }) as number;
    if (n > 0) counts.push({ topic: value, count: n });
  }
  return topTen(counts);
}

/** The ten most frequent topics, ties by name (code unit order, the same on every backend). */
export function topTen(counts: { topic: string; count: number }[]): { topic: string; count: number }[] {
  return [...counts].sort((a, b) => b.count - a.count || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0)).slice(0, 10);
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
  const days: { date: string; count: number }[] = [];
  for (const day of localDays(span, params)) {
    const count = countIn.get(day.from, day.to) as number;
    if (count > 0) days.push({ date: day.date, count });
  }
  return days;
}

/**
 * The local calendar days from the first to the last key of a span, each as its date and the
 * start-time range [from, to) it covers within [fromKey, toKey).
 */
export function localDays(span: { first: number; last: number }, params: { fromKey: number; toKey: number }): { date: string; from: string; to: string }[] {
  const lowest = Math.max(span.first, params.fromKey) / KEYS_PER_MS;
  const highest = Math.min(span.last / KEYS_PER_MS + 1, params.toKey / KEYS_PER_MS);
  const days: { date: string; from: string; to: string }[] = [];
  const first = new Date(Math.floor(lowest));
  for (let day = new Date(first.getFullYear(), first.getMonth(), first.getDate()); day.getTime() < highest; ) {
    const next = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
    days.push({ date: localDate(day), from: new Date(Math.max(day.getTime(), lowest)).toISOString(), to: new Date(Math.min(next.getTime(), highest)).toISOString() });
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
