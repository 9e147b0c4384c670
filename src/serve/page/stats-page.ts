import type { StatsJson } from '../../query/json-shapes.js';
import { type BarItem, barList, perDayChart, splitBar } from './charts.js';
import { count, percent, spokenDuration, statusLabel, timeElement } from './format.js';
import { type Html, html } from './html.js';
import { layout } from './layout.js';

export interface StatsRangeQuery {
  from?: string;
  to?: string;
}

export interface StatsPage {
  range: StatsRangeQuery;
  stats: StatsJson | null;
  error?: string | null;
}

/** The ranges offered with one click; any `--from/--to` form can be typed too (docs/cli.md, "`recordings stats`"). */
const PRESETS = [
  ['7d', '7 days'],
  ['30d', '30 days'],
  ['90d', '90 days'],
  ['', 'All time'],
] as const;

/** Totals, calls per day, sentiment, topics and transcript status as charts, and the last sync. */
export function renderStatsPage({ range, stats, error }: StatsPage): Html {
  const params = rangeParams(range);
  const body = html`
<div class="page-head">
<h1>Stats</h1>
${rangeForm(range)}
</div>
${error ? html`<div class="notice notice-error" role="alert"><strong>Can’t show stats:</strong> ${error}</div>` : ''}
${stats ? statsBody(stats, range) : ''}`;
  return layout({ title: 'Stats', section: 'stats', body, json: `/api/v1/stats${params.size > 0 ? `?${params.toString()}` : ''}` });
}

function rangeParams(range: StatsRangeQuery, override: StatsRangeQuery = range): URLSearchParams {
  const params = new URLSearchParams();
  if (override.from) params.set('from', override.from);
  if (override.to) params.set('to', override.to);
  return params;
}

function rangeForm(range: StatsRangeQuery): Html {
  const custom = range.to !== undefined || !PRESETS.some(([from]) => (range.from ?? '') === from);
  return html`<div class="range">
<nav class="presets" aria-label="Range">${PRESETS.map(([from, label]) => {
    const current = !custom && (range.from ?? '') === from;
    return html`<a class="preset" href="/stats${from ? `?from=${from}` : ''}"${current ? html` aria-current="true"` : ''}>${label}</a>`;
  })}</nav>
<form class="range-form" action="/stats" method="get">
<div class="field"><label for="r-from">From</label><input id="r-from" name="from" value="${range.from ?? ''}" placeholder="e.g. 30d" autocomplete="off"></div>
<div class="field"><label for="r-to">To</label><input id="r-to" name="to" value="${range.to ?? ''}" placeholder="today" autocomplete="off"></div>
<button type="submit" class="button">Show</button>
</form>
</div>`;
}

const SENTIMENT_TONES: Record<string, string> = { Positive: 'tone-positive', Neutral: 'tone-neutral', Negative: 'tone-negative' };
const STATUS_TONES: Record<string, string> = { ready: 'tone-positive', failed: 'tone-negative', pending: 'tone-pending' };

function statsBody(stats: StatsJson, range: StatsRangeQuery): Html {
  const search = (extra: Record<string, string>) => `/?${new URLSearchParams({ ...extra, ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) }).toString()}`;
  const withSentiment = Object.values(stats.sentiment).reduce((a, b) => a + b, 0);
  const sentimentParts = Object.entries(stats.sentiment).map(([name, n]) => ({ name, count: n, tone: SENTIMENT_TONES[name] ?? 'tone-other' }));
  const topics: BarItem[] = stats.topTopics.map((t) => ({ label: t.topic, count: t.count, href: search({ topic: t.topic }) }));
  const statuses: BarItem[] = Object.entries(stats.byTranscriptStatus)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => ({ label: statusLabel(status), count: n, href: search({ status }), tone: STATUS_TONES[status] ?? 'tone-other' }));
  const directions = Object.entries(stats.byDirection).map(([name, n]) => ({ name, count: n, tone: name === 'Inbound' ? 'tone-inbound' : 'tone-outbound' }));
  return html`
<section class="kpis" aria-label="Totals">
${kpi('Recordings', count(stats.recordings))}
${kpi('With transcript', count(stats.withTranscript), stats.recordings > 0 ? percent(stats.withTranscript, stats.recordings) : null)}
${kpi('Transcript success', stats.transcriptSuccessRate === null ? 'n/a' : `${Math.round(stats.transcriptSuccessRate * 100)} %`, 'of transcripts that were due')}
${kpi('Average call', stats.averageDurationSeconds === null ? 'n/a' : spokenDuration(stats.averageDurationSeconds))}
${kpi('Average confidence', stats.averageConfidence === null ? 'n/a' : `${Math.round(stats.averageConfidence * 100)} %`)}
</section>
<div class="chart-grid">
<section class="card chart-wide" aria-labelledby="per-day-heading"><h2 id="per-day-heading">Calls per day</h2>${perDayChart('per-day', stats.perDay)}</section>
<section class="card" aria-labelledby="sentiment-heading"><h2 id="sentiment-heading">Sentiment</h2>${splitBar('Sentiment', sentimentParts)}${
    stats.recordings > withSentiment ? html`<p class="muted small">${count(stats.recordings - withSentiment)} of ${count(stats.recordings)} recordings have no sentiment.</p>` : ''
  }</section>
<section class="card" aria-labelledby="direction-heading"><h2 id="direction-heading">Direction</h2>${splitBar('Direction', directions)}</section>
<section class="card" aria-labelledby="topics-heading"><h2 id="topics-heading">Top topics</h2>${barList('Top topics', topics, stats.recordings)}</section>
<section class="card" aria-labelledby="status-heading"><h2 id="status-heading">Transcript status</h2>${barList('Transcript status', statuses, stats.recordings)}</section>
<section class="card" aria-labelledby="sync-heading"><h2 id="sync-heading">Last sync</h2>${lastSync(stats.lastSync)}</section>
</div>`;
}

function kpi(label: string, value: string, note: string | null = null): Html {
  return html`<div class="kpi"><div class="kpi-label">${label}</div><div class="kpi-value">${value}</div>${note ? html`<div class="kpi-note">${note}</div>` : ''}</div>`;
}

function lastSync(run: StatsJson['lastSync']): Html {
  if (!run) return html`<p class="muted">No sync has run yet.</p>`;
  const ok = run.status === 'ok';
  return html`<p class="sync"><span class="badge ${ok ? 'badge-positive' : run.status === 'running' ? 'badge-neutral' : 'badge-negative'}">${ok ? 'OK' : run.status}</span> ${timeElement(run.time)}</p>
${run.error ? html`<p class="sync-error">${run.error}</p>` : ''}
<p class="muted small">Started ${timeElement(run.startedAt)}${run.finishedAt ? html`, took ${spokenDuration((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000)}` : ''}.</p>`;
}
