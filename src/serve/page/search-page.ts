import type { SearchJson } from '../../query/json-shapes.js';
import { clockDuration, count, partyDetail, partyName, plural, spokenDuration, statusLabel, timeElement } from './format.js';
import { markedSnippet } from './highlight.js';
import { type Content, type Html, html } from './html.js';
import { layout } from './layout.js';
import { directionBadge, sentimentBadge, topicLinks } from './parts.js';
import { DEFAULT_LIMIT, type SearchQuery, activeFilterCount, filterParams, queryParams, withQuery } from './search-query.js';

type Hit = SearchJson['recordings'][number];

export interface SearchPage {
  query: SearchQuery;
  result: SearchJson | null;
  /** A bad parameter's message (docs/cli.md: the same checks as the CLI). */
  error?: string | null;
}

/** The search page: the form, then the matching recordings with paging and the CSV download. */
export function renderSearchPage({ query, result, error }: SearchPage): Html {
  const text = query.search_text;
  const title = text ? `“${text}”` : 'Search';
  const body = html`
<h1 class="visually-hidden">Search recordings</h1>
${searchForm(query)}
${error ? html`<div class="notice notice-error" role="alert"><strong>Can’t search:</strong> ${error}</div>` : ''}
${result ? results(query, result) : ''}`;
  return layout({ title, section: 'search', body, json: withQuery('/api/v1/recordings', queryParams(query)) });
}

const DIRECTIONS = [
  ['', 'Any direction'],
  ['inbound', 'Inbound'],
  ['outbound', 'Outbound'],
] as const;
const SENTIMENTS = [
  ['', 'Any sentiment'],
  ['positive', 'Positive'],
  ['neutral', 'Neutral'],
  ['negative', 'Negative'],
] as const;
const TRANSCRIPTS = [
  ['', 'With or without'],
  ['true', 'With a transcript'],
  ['false', 'Without a transcript'],
] as const;
const STATUSES = [['', 'Any status'], ...['ready', 'pending', 'unavailable', 'not_licensed', 'skipped', 'failed'].map((s) => [s, statusLabel(s)] as const)] as const;
/** The default order is the best match with words to match, the newest without (docs/cli.md, "`recordings search`"). */
const sorts = (query: SearchQuery) =>
  [
    ['', query.search_text ? 'Best match first' : 'Newest first'],
    ...(query.search_text ? [['newest', 'Newest first'] as const] : []),
    ['oldest', 'Oldest first'],
  ] as const;

function searchForm(query: SearchQuery): Html {
  const filters = activeFilterCount(query);
  const input = (name: keyof SearchQuery, label: string, attributes: { type?: string; placeholder?: string; inputmode?: string; hint?: string } = {}) => html`
<div class="field">
<label for="f-${name}">${label}</label>
<input id="f-${name}" name="${name}" type="${attributes.type ?? 'text'}" value="${query[name] ?? ''}"${attributes.placeholder ? html` placeholder="${attributes.placeholder}"` : ''}${attributes.inputmode ? html` inputmode="${attributes.inputmode}"` : ''}${attributes.hint ? html` aria-describedby="f-${name}-hint"` : ''} autocomplete="off">
${attributes.hint ? html`<small id="f-${name}-hint" class="hint">${attributes.hint}</small>` : ''}
</div>`;
  const select = (name: keyof SearchQuery, label: string, options: readonly (readonly [string, string])[]) => {
    const current = (query[name] ?? '').toLowerCase();
    return html`
<div class="field">
<label for="f-${name}">${label}</label>
<select id="f-${name}" name="${name}">${options.map(([value, text]) => html`<option value="${value}"${value === current ? html` selected` : ''}>${text}</option>`)}</select>
</div>`;
  };
  return html`
<form class="search" action="/" method="get" role="search" aria-label="Recordings">
<div class="search-bar">
<label for="f-search_text" class="visually-hidden">Words in transcripts, summaries and names</label>
<input id="f-search_text" class="search-box" name="search_text" type="search" value="${query.search_text ?? ''}" placeholder="Search transcripts, summaries and names" autocomplete="off" enterkeyhint="search">
<button type="submit" class="button button-primary">Search</button>
</div>
<details class="filters" data-open-wide${filters > 0 ? html` open` : ''}>
<summary>Filters${filters > 0 ? html` <span class="filter-count">${filters} set</span>` : ''}</summary>
<div class="filter-grid">
${input('phone_number', 'Phone number', { type: 'tel', placeholder: '+1 415 555 0100', inputmode: 'tel', hint: 'Either party; 4+ last digits match too' })}
${input('from', 'From', { placeholder: '2026-11-01 or 7d', hint: 'A date, a time or a span back from now' })}
${input('to', 'To', { placeholder: '2026-11-30', hint: 'A date includes that whole day' })}
${select('direction', 'Direction', DIRECTIONS)}
${select('sentiment', 'Sentiment', SENTIMENTS)}
${input('topic', 'Topic', { placeholder: 'reservation' })}
${select('has_transcript', 'Transcript', TRANSCRIPTS)}
${select('status', 'Transcript status', STATUSES)}
${select('sort', 'Order', sorts(query))}
<div class="filter-actions"><button type="submit" class="button">Apply</button> <a href="/" class="button button-quiet">Clear all</a></div>
</div>
</details>
</form>`;
}

function results(query: SearchQuery, result: SearchJson): Html {
  const first = result.offset + 1;
  const last = result.offset + result.recordings.length;
  const searching = [...filterParams(query)].length > 0;
  const heading =
    result.total === 0
      ? searching
        ? 'No recordings match'
        : 'No recordings in the archive yet'
      : result.recordings.length === 0
        ? `No recordings on this page of ${count(result.total)}`
        : html`${plural(result.total, 'recording')}${result.total > result.recordings.length ? html`<span class="results-range"> · ${count(first)}–${count(last)} shown</span>` : ''}`;
  const csv = withQuery('/api/v1/export', new URLSearchParams([['format', 'csv'], ...filterParams(query)]));
  return html`
<section class="results" aria-labelledby="results-heading">
<div class="results-head">
<h2 id="results-heading">${heading}</h2>
${result.total > 0 ? html`<a class="button button-quiet download" href="${csv}" download>Download CSV<span class="visually-hidden"> of all ${count(result.total)} matching recordings</span></a>` : ''}
</div>
${result.total === 0 ? html`<p class="empty">${searching ? 'Try fewer words, another spelling or fewer filters.' : 'The next sync stores the calls it finds.'}</p>` : ''}
${result.recordings.length > 0 ? html`<ol class="hits" start="${first}">${result.recordings.map((hit, i) => hitItem(hit, query, i === 0))}</ol>` : ''}
${pager(query, result)}
</section>`;
}

/** The first hit carries `elementtiming`: the browser then reports when it was drawn (bench/page). */
function hitItem(hit: Hit, query: SearchQuery, first: boolean): Html {
  const href = withQuery(`/recordings/${encodeURIComponent(hit.id)}`, new URLSearchParams(query.search_text ? [['q', query.search_text]] : []));
  const fromDetail = partyDetail(hit.from);
  const toDetail = partyDetail(hit.to);
  return html`<li class="hit">
<div class="hit-main"${first ? html` elementtiming="first-result"` : ''}>
<a class="hit-link" href="${href}"><bdi>${partyName(hit.from)}</bdi><span class="arrow" aria-hidden="true"> → </span><span class="visually-hidden"> called </span><bdi>${partyName(hit.to)}</bdi></a>
${fromDetail || toDetail ? html`<div class="hit-numbers">${fromDetail ? html`<bdi>${fromDetail}</bdi>` : html`<span></span>`}${toDetail ? html`<span aria-hidden="true"> → </span><bdi>${toDetail}</bdi>` : ''}</div>` : ''}
</div>
<div class="hit-meta">
${timeElement(hit.startTime, 'short')}
<span class="duration" title="${spokenDuration(hit.durationSeconds)}"><span class="visually-hidden">Duration </span>${clockDuration(hit.durationSeconds)}</span>
${directionBadge(hit.direction)}
${hit.sentiment ? sentimentBadge(hit.sentiment) : ''}
${hit.hasTranscript ? '' : html`<span class="badge badge-plain">${transcriptNote(hit.transcriptStatus)}</span>`}
</div>
${hit.snippet ? html`<p class="snippet">${markedSnippet(hit.snippet)}</p>` : ''}
${hit.topics.length > 0 ? topicLinks(hit.topics) : ''}
</li>`;
}

function transcriptNote(status: string): Content {
  return status === 'ready' ? 'Empty transcript' : `Transcript: ${statusLabel(status).toLowerCase()}`;
}

function pager(query: SearchQuery, result: SearchJson): Html | '' {
  const limit = result.limit || DEFAULT_LIMIT;
  const hasPrevious = result.offset > 0;
  const hasNext = result.offset + limit < result.total;
  if (!hasPrevious && !hasNext) return '';
  const at = (offset: number) => withQuery('/', queryParams(query, { offset: offset > 0 ? String(offset) : null }));
  const pageNumber = Math.floor(result.offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(result.total / limit));
  return html`<nav class="pager" aria-label="Result pages">
${hasPrevious ? html`<a class="button" rel="prev" href="${at(Math.max(0, result.offset - limit))}">← Previous</a>` : html`<span></span>`}
<span class="pager-where">Page ${count(pageNumber)} of ${count(pages)}</span>
${hasNext ? html`<a class="button" rel="next" href="${at(result.offset + limit)}">Next →</a>` : html`<span></span>`}
</nav>`;
}
