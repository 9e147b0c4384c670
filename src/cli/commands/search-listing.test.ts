import { expect, test } from 'vitest';
import { MATCH_END, MATCH_START, type SearchHit } from '../../db/queries/search.js';
import { machineTimes } from '../output/time.js';
import { renderListing } from './search-listing.js';

const hit = (snippet: string, extra: Partial<SearchHit> = {}): SearchHit => ({
  id: '2700100000324',
  callId: 'c',
  sessionId: null,
  telephonySessionId: null,
  startTime: '2026-11-28T02:03:54.913Z',
  durationSeconds: 34,
  direction: 'Inbound',
  from: { name: 'Samuel Williams', phoneNumber: '+14085559867', extensionNumber: null },
  to: { name: null, phoneNumber: null, extensionNumber: '102' },
  recordingType: 'Automatic',
  transcriptStatus: 'ready',
  hasTranscript: true,
  snippet,
  sentiment: null,
  topics: [],
  ...extra,
});
const colours = { match: (t: string) => `<${t}>`, heading: (t: string) => t, faint: (t: string) => `(${t})` };

test('a match cut by a line break is painted on both lines, and nothing else is', () => {
  const text = `${'word '.repeat(12)}${MATCH_START}gift card${MATCH_END} balance`;
  const lines = renderListing([hit(text)], { width: 70, colours, times: machineTimes() }).split('\n');
  expect(lines.slice(-3, -1)).toEqual([`    ${'word '.repeat(12)}<gift>`, '    <card> balance']);
});

test('an extension stands in for a missing number; the party without either is "-"', () => {
  const listing = renderListing([hit('hello', { from: { name: null, phoneNumber: null, extensionNumber: null } })], {
    width: null,
    colours: null,
    times: machineTimes(),
  });
  expect(listing.split('\n')[1]).toBe('2700100000324  2026-11-28T02:03:54Z  in     0:34  - → ext 102');
});

test('a snippet longer than four lines is cut, the last line ending in …, within the width', () => {
  const lines = renderListing([hit('blah '.repeat(200))], { width: 60, colours: null, times: machineTimes() }).trimEnd().split('\n');
  const snippet = lines.filter((line) => line.includes('blah'));
  expect(snippet).toHaveLength(4);
  expect(snippet.at(-1)).toMatch(/ …$/);
  for (const line of snippet) expect(line.length).toBeLessThanOrEqual(60);
});
