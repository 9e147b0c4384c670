import type { RecordingJson } from '../../query/json-shapes.js';
import { clockDuration, partyDetail, partyName, plural, spokenDuration, statusLabel, timeElement } from './format.js';
import { hasMatch, markWords, wordMatcher } from './highlight.js';
import { type Content, type Html, html } from './html.js';
import { layout } from './layout.js';
import { directionBadge, sentimentBadge, topicLinks } from './parts.js';

type Segment = NonNullable<RecordingJson['transcript']>['segments'][number];

export interface RecordingPage {
  recording: RecordingJson;
  /** The call's other recordings (a transfer), as found; null where one could not be read. */
  others: { id: string; recording: RecordingJson | null }[];
  /** The search that led here (`?q=`): its words are marked in the transcript and insights. */
  q: string | null;
}

/** One recording: who, when, the player, the transcript as speaker-labelled segments, the insights. */
export function renderRecordingPage({ recording: rec, others, q }: RecordingPage): Html {
  const matcher = q ? wordMatcher(q) : null;
  const stream = `/api/v1/recordings/${encodeURIComponent(rec.id)}/stream`;
  const back = q ? `/?${new URLSearchParams([['search_text', q]]).toString()}` : '/';
  // The player has preload="none": opening the page must not fetch the audio (from RingCentral
  // when it is not archived, within its rate limits) nor count as a playback in the audit log.
  const body = html`
<nav class="crumbs" aria-label="Breadcrumb"><a href="${back}">← ${q ? html`Search for “${q}”` : 'All recordings'}</a></nav>
<header class="rec-head">
<h1><bdi>${partyName(rec.from)}</bdi><span class="arrow" aria-hidden="true"> → </span><span class="visually-hidden"> called </span><bdi>${partyName(rec.to)}</bdi></h1>
<p class="rec-sub">${timeElement(rec.startTime)} <span class="dot" aria-hidden="true">·</span> <span title="${spokenDuration(rec.durationSeconds)}">${clockDuration(rec.durationSeconds)}</span> ${directionBadge(rec.direction)} ${rec.insights.sentiment ? sentimentBadge(rec.insights.sentiment) : ''}</p>
</header>
<div class="player" data-player-bar>
<audio controls preload="none" src="${stream}" data-player aria-label="Recording of the call"></audio>
<a class="player-download" href="${stream}" download>Download audio</a>
<p class="player-error" role="status" hidden data-player-error>The audio could not be loaded: RingCentral may no longer have this recording, or it is not available yet.</p>
</div>
<div class="rec-grid">
${insightsSection(rec, matcher)}
${transcriptSection(rec, stream, matcher, q)}
${detailsSection(rec)}
${others.length > 0 ? othersSection(others, q) : ''}
</div>`;
  return layout({
    title: `${partyName(rec.from)} → ${partyName(rec.to)}`,
    section: null,
    body,
    json: `/api/v1/recordings/${encodeURIComponent(rec.id)}`,
  });
}

const NO_TRANSCRIPT: Record<string, string> = {
  pending: 'The transcript is not ready yet: RingSense usually has it within half an hour of the call, and the next sync fetches it.',
  unavailable: 'RingSense has no transcript for this call.',
  not_licensed: 'No transcript: the account or this user has no RingSense licence or permission (see recordings doctor).',
  skipped: 'Too short to transcribe.',
  failed: 'Fetching the transcript failed; recordings sync --retry asks again.',
  ready: 'The transcript is empty.',
};

function transcriptSection(rec: RecordingJson, stream: string, matcher: RegExp | null, q: string | null): Html {
  const segments = rec.transcript?.segments ?? [];
  if (segments.length === 0) {
    return html`<section class="transcript card" aria-labelledby="transcript-heading">
<h2 id="transcript-heading">Transcript</h2>
<p class="muted">${NO_TRANSCRIPT[rec.transcriptStatus] ?? `Transcript status: ${statusLabel(rec.transcriptStatus)}.`}</p>
</section>`;
  }
  const speakers = new Map<string, number>();
  const matching = segments.flatMap((segment, i) => (hasMatch(segment.text, matcher) ? [i] : []));
  const summary =
    q && matcher
      ? html`<p class="transcript-matches">${matching.length === 0 ? html`No line mentions “${q}” word for word.` : html`${plural(matching.length, 'line')} ${matching.length === 1 ? 'mentions' : 'mention'} “${q}”. <a href="#seg-${matching[0] ?? 0}">Go to the first</a>`}</p>`
      : '';
  return html`<section class="transcript card" aria-labelledby="transcript-heading">
<div class="transcript-head">
<h2 id="transcript-heading">Transcript</h2>
<p class="muted">${plural(segments.length, 'line')}${rec.transcript?.confidence != null ? html` · confidence ${Math.round(rec.transcript.confidence * 100)} %` : ''} · <span class="js-only">select a line to play from there</span></p>
</div>
${summary}
<ol class="segments" data-transcript>${segments.map((segment, i) => segmentItem(segment, i, stream, speakerIndex(speakers, segment), matcher))}</ol>
</section>`;
}

function speakerIndex(speakers: Map<string, number>, segment: Segment): number {
  const key = segment.speakerId ?? segment.speakerName ?? '';
  let index = speakers.get(key);
  if (index === undefined) {
    index = speakers.size % 4;
    speakers.set(key, index);
  }
  return index;
}

function segmentItem(segment: Segment, i: number, stream: string, speaker: number, matcher: RegExp | null): Html {
  const start = segment.start !== null && Number.isFinite(segment.start) ? Math.max(0, segment.start) : null;
  const end = segment.end !== null && Number.isFinite(segment.end) ? segment.end : null;
  const label = start === null ? '–' : clockDuration(start);
  const who = segment.speakerName ?? segment.speakerId ?? 'Speaker';
  return html`<li class="segment speaker-${speaker}${hasMatch(segment.text, matcher) ? ' has-match' : ''}" id="seg-${i}"${start !== null ? html` data-start="${start}"` : ''}${end !== null ? html` data-end="${end}"` : ''}>
${start === null ? html`<span class="seg-time">${label}</span>` : html`<a class="seg-time" href="${stream}#t=${start}" aria-label="Play from ${label}">${label}</a>`}
<div class="seg-body"><span class="speaker"><bdi>${who}</bdi></span><p class="seg-text">${markWords(segment.text, matcher)}</p></div>
</li>`;
}

function insightsSection(rec: RecordingJson, matcher: RegExp | null): Html | '' {
  const i = rec.insights;
  const any = i.summary || i.topics.length > 0 || i.nextSteps.length > 0 || i.highlights.length > 0 || i.intent || i.aiScore !== null;
  if (!any) return '';
  const list = (items: readonly string[]) => html`<ul class="plain-list">${items.map((item) => html`<li>${markWords(item, matcher)}</li>`)}</ul>`;
  const facts: Content[] = [
    i.intent ? html`<div><dt>Intent</dt><dd>${i.intent.replace(/_/g, ' ')}</dd></div>` : '',
    i.aiScore !== null ? html`<div><dt>AI score</dt><dd>${i.aiScore}</dd></div>` : '',
  ];
  return html`<section class="card insights" aria-labelledby="insights-heading">
<h2 id="insights-heading">Insights</h2>
${i.summary ? html`<h3>Summary</h3><p class="summary">${markWords(i.summary, matcher)}</p>` : ''}
${i.nextSteps.length > 0 ? html`<h3>Next steps</h3>${list(i.nextSteps)}` : ''}
${i.highlights.length > 0 ? html`<h3>Highlights</h3>${list(i.highlights)}` : ''}
${i.topics.length > 0 ? html`<h3>Topics</h3>${topicLinks(i.topics)}` : ''}
${facts.some(Boolean) ? html`<dl class="facts">${facts}</dl>` : ''}
</section>`;
}

function detailsSection(rec: RecordingJson): Html {
  const party = (p: RecordingJson['from']) => {
    const detail = partyDetail(p);
    return html`<bdi>${partyName(p)}</bdi>${detail ? html`<br><span class="muted"><bdi>${detail}</bdi></span>` : ''}`;
  };
  const row = (term: string, value: Content) => (value === null || value === '' ? '' : html`<div><dt>${term}</dt><dd>${value}</dd></div>`);
  return html`<section class="card details" aria-labelledby="details-heading">
<h2 id="details-heading">Details</h2>
<dl class="facts">
${row('From', party(rec.from))}
${row('To', party(rec.to))}
${row('Started', timeElement(rec.startTime))}
${row('Duration', spokenDuration(rec.durationSeconds))}
${row('Direction', rec.direction)}
${row('Recording', rec.recordingType)}
${row('Transcript', statusLabel(rec.transcriptStatus))}
${row('Audio', audioNote(rec.audio))}
${row('Recording id', html`<code>${rec.id}</code>`)}
${row('Call id', html`<code>${rec.callId}</code>`)}
${rec.telephonySessionId ? row('Telephony session', html`<code>${rec.telephonySessionId}</code>`) : ''}
</dl>
</section>`;
}

/** Where the audio comes from when played, in the words of its status (src/audio/status.ts). */
function audioNote(audio: RecordingJson['audio']): string {
  if (audio.archived) return 'In the local archive';
  if (audio.status === 'missing') return 'No longer at RingCentral (past its retention), and not archived';
  if (audio.status === 'refused') return 'RingCentral refused it (a permission is missing); asked again later';
  if (audio.status === 'not_yet_available') return 'Not at RingCentral yet; asked again later';
  return 'Fetched from RingCentral when played';
}

function othersSection(others: RecordingPage['others'], q: string | null): Html {
  const suffix = q ? `?${new URLSearchParams([['q', q]]).toString()}` : '';
  return html`<section class="card others" aria-labelledby="others-heading">
<h2 id="others-heading">Other recordings of this call</h2>
<ul class="plain-list">${others.map(
    ({ id, recording }) => html`<li><a href="/recordings/${encodeURIComponent(id)}${suffix}">${recording ? html`<bdi>${partyName(recording.from)}</bdi> → <bdi>${partyName(recording.to)}</bdi>` : html`Recording <code>${id}</code>`}</a>${recording ? html`<br><span class="muted">${timeElement(recording.startTime, 'short')} · ${clockDuration(recording.durationSeconds)}</span>` : ''}</li>`,
  )}</ul>
</section>`;
}
