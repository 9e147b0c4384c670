import { describe, expect, it } from 'vitest';
import type { RecordingJson, SearchJson, StatsJson } from '../../query/json-shapes.js';
import { everyDay, niceCeiling } from './charts.js';
import { renderNoArchivePage } from './message-page.js';
import { renderRecordingPage } from './recording-page.js';
import { renderSearchPage } from './search-page.js';
import { searchQuery } from './search-query.js';
import { renderStatsPage } from './stats-page.js';

const SCRIPT = '<script>window.pwned=1</script>';
const IMG = '<img src=x onerror="window.pwned=2">';

const hostileHit: SearchJson['recordings'][number] = {
  id: 'rec"1',
  callId: 'c-1',
  sessionId: null,
  telephonySessionId: null,
  startTime: '2026-11-20T15:00:00.000Z',
  durationSeconds: 125,
  direction: 'Inbound',
  from: { phoneNumber: '+14155550100', name: SCRIPT, extensionNumber: null },
  to: { phoneNumber: null, name: null, extensionNumber: '101' },
  recordingType: 'Automatic',
  transcriptStatus: 'ready',
  hasTranscript: true,
  snippet: `…said **${IMG}** twice…`,
  sentiment: 'Negative',
  topics: ['complaint', `${SCRIPT}`],
};

const recording: RecordingJson = {
  ...hostileHit,
  contentType: null,
  otherRecordingIds: ['rec-2'],
  transcript: {
    text: null,
    confidence: 0.91,
    fetchedAt: '2026-11-20T15:40:00.000Z',
    segments: [
      { speakerId: 's1', speakerName: SCRIPT, start: 0, end: 4.5, text: 'Hello, I want to cancel a reservation' },
      { speakerId: 's2', speakerName: 'Host', start: 5, end: 9, text: IMG },
      { speakerId: 's1', speakerName: SCRIPT, start: null, end: null, text: 'no time' },
    ],
  },
  insights: { summary: `Summary ${SCRIPT}`, sentiment: 'Negative', nextSteps: [IMG], highlights: [], topics: ['complaint'], intent: 'cancel_booking', aiScore: 4 },
  audio: { archived: true, path: '/archive/x.wav', bytes: 10, sha256: null, status: 'archived', attempts: 1, nextAttemptAt: null, notFoundSince: null, error: null },
  legalHold: false,
};

const stats: StatsJson = {
  recordings: 120,
  withTranscript: 100,
  transcriptSuccessRate: 0.95,
  averageConfidence: null,
  sentiment: { Positive: 50, Neutral: 30, Negative: 10 },
  topTopics: [{ topic: SCRIPT, count: 40 }, { topic: 'reservation', count: 20 }],
  byDirection: { Inbound: 90, Outbound: 30 },
  byTranscriptStatus: { ready: 100, pending: 20, unavailable: 0, not_licensed: 0, skipped: 0, failed: 0 },
  perDay: [
    { date: '2026-11-20', count: 70 },
    { date: '2026-11-23', count: 50 },
  ],
  averageDurationSeconds: 140.5,
  lastSync: { time: '2026-11-26T12:00:00.000Z', startedAt: '2026-11-26T11:59:58.000Z', finishedAt: '2026-11-26T12:00:00.000Z', status: 'error', error: IMG },
};

/** What the Content-Security-Policy forbids must not be in any page: inline scripts, handlers, styles. */
function expectOnlyOwnScript(page: string): void {
  expect(page.match(/<script\b[^>]*>/g)).toEqual([expect.stringMatching(/^<script src="\/assets\/page\.js(\?v=[\w-]+)?" defer>$/)]);
  expect(page).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  expect(page).not.toMatch(/<[^>]+\sstyle\s*=/i);
  expect(page).not.toMatch(/<img\b/i);
  expect(page).not.toContain('<style');
}

describe('the search page', () => {
  const query = searchQuery(new URLSearchParams('search_text=refund&direction=inbound&offset=50&limit=50&bogus=1&topic='));
  const page = renderSearchPage({ query, result: { total: 120, limit: 50, offset: 50, recordings: [hostileHit] } }).value;

  it('shows stored text as text', () => {
    expectOnlyOwnScript(page);
    expect(page).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;');
    expect(page).toContain('<mark>&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt;</mark>');
  });

  it('keeps the search in its form, its links and its paging', () => {
    expect(page).toContain('value="refund"');
    expect(page).toMatch(/<option value="inbound" selected>/);
    expect(page).toContain('href="/recordings/rec%221?q=refund"');
    expect(page).toContain('rel="prev" href="/?search_text=refund&amp;direction=inbound&amp;limit=50"');
    expect(page).toContain('rel="next" href="/?search_text=refund&amp;direction=inbound&amp;limit=50&amp;offset=100"');
    expect(page).toContain('href="/api/v1/export?format=csv&amp;search_text=refund&amp;direction=inbound"');
    expect(page).toContain('href="/api/v1/recordings?search_text=refund&amp;direction=inbound&amp;limit=50&amp;offset=50"');
    expect(page).toContain('120 recordings');
  });

  it('shows a bad parameter and keeps what was typed', () => {
    const bad = renderSearchPage({ query: { phone_number: '12' }, result: null, error: 'phone_number: at least 4 digits' }).value;
    expect(bad).toContain('role="alert"');
    expect(bad).toContain('phone_number: at least 4 digits');
    expect(bad).toContain('value="12"');
  });
});

describe('the recording page', () => {
  const page = renderRecordingPage({ recording, others: [{ id: 'rec-2', recording: null }], q: 'reservations' }).value;

  it('shows stored text as text', () => {
    expectOnlyOwnScript(page);
    expect(page).not.toContain(SCRIPT);
    expect(page).not.toContain(IMG);
    expect(page).toContain('Summary &lt;script&gt;');
  });

  it('has the player, seekable segments with their times, and the search words marked', () => {
    expect(page).toContain('<audio controls preload="none" src="/api/v1/recordings/rec%221/stream" data-player');
    expect(page).toContain('id="seg-0" data-start="0" data-end="4.5"');
    expect(page).toContain('href="/api/v1/recordings/rec%221/stream#t=5" aria-label="Play from 0:05"');
    expect(page).toContain('cancel a <mark>reservation</mark>');
    expect(page).toContain('1 line mentions “reservations”');
    expect(page).toContain('href="/recordings/rec-2?q=reservations"');
  });
});

describe('the stats page', () => {
  const page = renderStatsPage({ range: { from: '30d' }, stats }).value;

  it('draws the charts as SVG and shows stored text as text', () => {
    expectOnlyOwnScript(page);
    expect(page).not.toContain(SCRIPT);
    expect(page).not.toContain(IMG);
    expect(page.match(/<rect class="bar"/g)?.length).toBe(4 + 2);
    expect(page).toContain('aria-current="true">30 days');
    expect(page).toContain('href="/?topic=reservation&amp;from=30d"');
  });
});

describe('before the first sync', () => {
  it('says there is no archive yet and how to make one', () => {
    const page = renderNoArchivePage('/srv/<x>/recordings.db').value;
    expect(page).toContain('No archive yet');
    expect(page).toContain('recordings sync');
    expect(page).toContain('/srv/&lt;x&gt;/recordings.db');
  });
});

describe('chart helpers', () => {
  it('fills the days without calls', () => {
    expect(everyDay([{ date: '2026-02-27', count: 1 }, { date: '2026-03-02', count: 2 }])).toEqual([
      { date: '2026-02-27', count: 1 },
      { date: '2026-02-28', count: 0 },
      { date: '2026-03-01', count: 0 },
      { date: '2026-03-02', count: 2 },
    ]);
  });

  it('rounds a scale up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 10, 11, 62, 140, 999].map(niceCeiling)).toEqual([1, 1, 5, 10, 10, 20, 100, 200, 1000]);
  });
});
