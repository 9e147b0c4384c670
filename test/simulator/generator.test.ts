import { beforeAll, describe, expect, it } from 'vitest';
import { ALLERGIES, DISHES, OCCASIONS, RELATIVES } from '../../src/simulator/generator/details.js';
import { SCRIPTS } from '../../src/simulator/generator/scripts.js';
import { LONG_CALL_MAX_SECONDS, LONG_CALL_MIN_SECONDS } from '../../src/simulator/generator/shape.js';
import { Account, type RecordingInsightsWire } from '../../src/simulator/index.js';

const ANCHOR = Date.parse('2026-09-15T22:00:00Z');

function account(seed: number, calls: number, options: { live?: boolean; now?: () => number; days?: number; longCallShare?: number } = {}) {
  return new Account({
    seed,
    calls,
    days: options.days ?? 7,
    anchorMs: ANCHOR,
    now: options.now ?? (() => ANCHOR),
    live: options.live ?? false,
    baseUrl: 'http://127.0.0.1:9',
    insightsDelaySeconds: 1800,
    insightsCoverage: 0.9,
    longCallShare: options.longCallShare ?? 0,
  });
}

/**
 * Calls of `acc` with index below `count` still in progress (not listed yet) at `now`. Start times
 * rise with the index, so only calls started within `longestMs` of now need a look.
 */
function inProgress(acc: Account, count: number, now: number, longestMs = 3_600_000): number {
  let n = 0;
  for (let i = count - 1; i >= 0 && acc.startTimeAt(i) > now - longestMs; i--) if (acc.listedAt(acc.shapeAt(i)) > now) n++;
  return n;
}

describe('the generated account', () => {
  it('is deterministic per seed, and different seeds differ', () => {
    const a = [...account(3, 300).recordsBetween(0, ANCHOR)];
    const b = [...account(3, 300).recordsBetween(0, ANCHOR)];
    const c = [...account(4, 300).recordsBetween(0, ANCHOR)];
    expect(a).toHaveLength(300 - inProgress(account(3, 300), 300, ANCHOR));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(c.map((r) => r.id)).not.toEqual(a.map((r) => r.id));
    expect(c.map((r) => r.from.name)).not.toEqual(a.map((r) => r.from.name));
    const ids = a.flatMap((r) => [r.id, r.sessionId, r.telephonySessionId]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('spans [anchor − days, anchor], newest first, with the variety a real account has', () => {
    const records = [...account(1, 2000).recordsBetween(0, ANCHOR)];
    const starts = records.map((r) => Date.parse(r.startTime));
    expect(Math.max(...starts)).toBeLessThanOrEqual(ANCHOR);
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(ANCHOR - 7 * 86_400_000);
    expect(starts.every((s, i) => i === 0 || s <= (starts[i - 1] as number))).toBe(true);
    const has = (p: (r: (typeof records)[number]) => boolean) => records.some(p);
    expect(has((r) => r.direction === 'Outbound')).toBe(true);
    expect(has((r) => r.result === 'Missed' && !r.recording)).toBe(true);
    expect(has((r) => r.shortRecording === true && !r.recording)).toBe(true);
    expect(has((r) => r.recording !== undefined && r.duration < 10)).toBe(true);
    expect(has((r) => r.type === 'Fax')).toBe(true);
    expect(has((r) => (r.from.phoneNumber ?? '').startsWith('+44') || (r.to.phoneNumber ?? '').startsWith('+49') || (r.from.phoneNumber ?? '').startsWith('+52'))).toBe(true);
    expect(has((r) => r.from.extensionNumber !== undefined && r.from.phoneNumber === undefined)).toBe(true);
    expect(has((r) => /[^\x00-\x7F]/.test(`${r.from.name ?? ''}${r.to.name ?? ''}`))).toBe(true);
    const transfers = records.filter((r) => r.legs?.length === 2 && r.legs[1]?.recording);
    expect(transfers.length).toBeGreaterThan(10);
    for (const r of records) {
      expect(r.from.phoneNumber === undefined || /^\+\d{8,15}$/.test(r.from.phoneNumber)).toBe(true);
      expect(typeof r.extension?.id).toBe('number');
      expect(Date.parse(r.lastModifiedTime ?? '')).toBeGreaterThanOrEqual(Date.parse(r.startTime) + r.durationMs);
    }
  });

  it('transcripts vary, read like calls and fit inside the recording', () => {
    const acc = account(2, 400);
    const bodies = [...acc.recordingIds()].map((id) => acc.insightsFor(id, ANCHOR + 86_400_000)).filter((b) => b !== null);
    expect(bodies.length).toBeGreaterThan(100);
    const firstLines = new Set(bodies.map((b) => b.insights.Transcript?.[0]?.text));
    expect(firstLines.size).toBeGreaterThan(20);
    for (const body of bodies) {
      const transcript = body.insights.Transcript ?? [];
      expect(transcript.length).toBeGreaterThanOrEqual(6);
      expect(transcript.length).toBeLessThanOrEqual(30);
      const speakers = new Set(body.speakerInfo.map((s) => s.speakerId));
      for (const [i, segment] of transcript.entries()) {
        expect(speakers.has(segment.speakerId)).toBe(true);
        expect(segment.end).toBeGreaterThan(segment.start);
        expect(segment.end).toBeLessThanOrEqual(body.recordingDurationMs / 1000);
        if (i > 0) expect(segment.start).toBeGreaterThanOrEqual(transcript[i - 1]?.end ?? 0);
        expect(segment.text).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('filters and pages like an index range: page k of a filtered query equals the filtered list sliced', () => {
    const acc = account(5, 5000);
    const { first, last } = acc.indexRange(ANCHOR - 5 * 86_400_000, ANCHOR - 86_400_000);
    const expected = [...acc.recordsBetween(ANCHOR - 5 * 86_400_000, ANCHOR - 86_400_000, { filter: { recordingType: 'OnDemand', directions: ['Inbound'] } })].map((r) => r.id);
    const collected: string[] = [];
    for (let page = 0; ; page++) {
      const { indices, more } = acc.page(first, last, { recordingType: 'OnDemand', directions: ['Inbound'] }, page * 37, 37);
      collected.push(...indices.map((i) => acc.callAt(i).id));
      if (!more) break;
    }
    expect(collected).toEqual(expected);
    expect(expected.length).toBeGreaterThan(100);
  });

  it('pages 1,000,000 calls with flat memory', () => {
    const acc = account(9, 1_000_000);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    let recordings = 0;
    let previous = Infinity;
    let outOfOrder = 0;
    let peak = 0;
    const { first, last } = acc.indexRange(ANCHOR - 7 * 86_400_000, ANCHOR);
    for (let skip = 0; ; skip += 1000) {
      const { indices, more } = acc.page(first, last, {}, skip, 1000);
      for (const i of indices) {
        const start = acc.startTimeAt(i);
        // Counted, not asserted per call: a million expect() calls cost more than the paging itself.
        if (start > previous) outOfOrder++;
        previous = start;
        if (acc.shapeAt(i).recordings.length > 0) recordings++;
        count++;
      }
      if (skip % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      if (!more) break;
    }
    expect(outOfOrder).toBe(0);
    expect(count).toBe(1_000_000 - inProgress(acc, 1_000_000, ANCHOR));
    expect(recordings).toBeGreaterThan(400_000);
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
    // Full records of the oldest and newest pages are as cheap as any other.
    expect(acc.callAt(0).id).not.toBe(acc.callAt(999_999).id);
  });

  it('live mode: new calls appear after the anchor as the clock advances', () => {
    let clock = ANCHOR;
    const acc = account(6, 700, { live: true, now: () => clock });
    expect(acc.visibleCallCount()).toBe(700);
    clock += 6 * 3_600_000;
    const grown = acc.visibleCallCount();
    expect(grown).toBeGreaterThan(700);
    expect(acc.startTimeAt(grown - 1)).toBeLessThanOrEqual(clock);
    expect(acc.startTimeAt(grown)).toBeGreaterThan(clock);
    const listed = [...acc.recordsBetween(ANCHOR + 1, clock)];
    expect(listed).toHaveLength(grown - 700 - (inProgress(acc, grown, clock) - inProgress(acc, 700, clock)));
    expect(listed.every((record) => Date.parse(record.startTime) + (record.duration ?? 0) * 1000 <= clock)).toBe(true);
  });

  it('lists a call only once it has ended, under its start time; a seeded share of calls lasts hours', () => {
    let clock = ANCHOR;
    const acc = account(8, 3000, { now: () => clock, longCallShare: 0.01 });
    const long: number[] = [];
    for (let i = 0; i < 3000; i++) if (acc.shapeAt(i).durationMs >= LONG_CALL_MIN_SECONDS * 1000) long.push(i);
    // About 1 % of the answered calls, each between 2.5 and 8 hours.
    expect(long.length).toBeGreaterThan(5);
    expect(long.length).toBeLessThan(60);
    for (const i of long) expect(acc.shapeAt(i).durationMs).toBeLessThanOrEqual(LONG_CALL_MAX_SECONDS * 1000 + 999);
    // The same seed without the share changes no other call.
    const plain = account(8, 3000, { now: () => clock });
    const other = [...Array(3000).keys()].filter((i) => !long.includes(i));
    expect(other.every((i) => plain.shapeAt(i).durationMs === acc.shapeAt(i).durationMs)).toBe(true);

    // A long call that started before the anchor and ends after it: absent from the call log until it ends.
    const ongoing = long.find((i) => acc.listedAt(acc.shapeAt(i)) > ANCHOR);
    expect(ongoing).toBeDefined();
    const shape = acc.shapeAt(ongoing!);
    const listedIds = () => [...acc.recordsBetween(shape.startMs, shape.startMs)].map((r) => r.id);
    const id = acc.callAt(ongoing!).id;
    expect(listedIds()).not.toContain(id);
    expect(acc.indexOfRecordId(id)).toBe(-1);
    clock = shape.startMs + shape.durationMs;
    expect(listedIds()).not.toContain(id);
    clock = acc.listedAt(shape);
    expect(listedIds()).toContain(id);
    expect(acc.indexOfRecordId(id)).toBe(ongoing);
    const { first, last } = acc.indexRange(shape.startMs - 1000, shape.startMs + 1000);
    expect(acc.page(first, last, {}, 0, 1000).indices).toContain(ongoing);
    expect(acc.page(first, last, { recordingType: 'All' }, 0, 1000).indices.includes(ongoing!)).toBe(shape.recordings.length > 0);
  });

  describe('insights that match their transcript', () => {
    /** Every recording with insights of 12 accounts: thousands of transcripts of every kind and length. */
    const bodies: RecordingInsightsWire[] = [];
    beforeAll(() => {
      for (let seed = 1; seed <= 12; seed++) {
        const acc = account(seed * 7919, 400);
        for (const id of acc.recordingIds()) {
          const body = acc.insightsFor(id, ANCHOR + 86_400_000);
          if (body) bodies.push(body);
        }
      }
    });
    const said = (body: RecordingInsightsWire) => (body.insights.Transcript ?? []).map((segment) => segment.text).join('\n').toLowerCase().replace(/’/g, "'");
    const texts = (body: RecordingInsightsWire) => [
      ...(body.insights.Transcript ?? []).map((segment) => segment.text),
      ...(body.insights.Summary ?? []).map((item) => item.value),
      ...(body.insights.Highlights ?? []).map((item) => item.value),
      ...(body.insights.NextSteps ?? []).map((item) => item.value),
    ];

    it('writes "an" before a vowel sound and "a" before a consonant sound', () => {
      expect(bodies.length).toBeGreaterThan(1500);
      const wrong: string[] = [];
      // A capital "An" counts only at the start of a text: elsewhere it is a name (Nguyễn Văn An).
      for (const text of bodies.flatMap(texts)) {
        for (const [phrase, word = ''] of text.matchAll(/(?:^A|(?<![\p{L}\p{N}])a) ([\p{L}\p{N}’-]+)/gu)) {
          if (/^[aeiou]/i.test(word) && !/^(one|once|uni|use|eu)/i.test(word)) wrong.push(phrase);
        }
        for (const [phrase, word = ''] of text.matchAll(/(?:^An|(?<![\p{L}\p{N}])an) ([\p{L}\p{N}’-]+)/gu)) {
          if (!/^[aeiou]/i.test(word) && !/^(hour|honest|8)/i.test(word)) wrong.push(phrase);
        }
      }
      expect([...new Set(wrong)]).toEqual([]);
      // The slots that need "an" are exercised: an occasion chosen per call follows "a {occasion}".
      const all = bodies.flatMap(texts).join('\n');
      expect(all).toMatch(/\ban engagement\b/);
      expect(all).toMatch(/\ban anniversary\b/);
      expect(all).toMatch(/\ba birthday\b/);
    });

    /** Things a next step can be about; whichever one it names, the call must have spoken of. */
    const NOUNS = [
      'dessert', 'allergy', 'deposit', 'headcount', 'private room', 'gluten-free', 'high chairs', 'booth', 'kitchen',
      'floor manager', 'duplicate', 'maintenance', 'driver', 'schedule', 'jacket', 'e-gift card', 'back today', 'next week', 'guest',
      'catering', 'disappointing', 'charged twice',
      'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
      ...DISHES, ...OCCASIONS, ...ALLERGIES, ...RELATIVES,
    ];
    const GENERIC = new Set(['No follow-up needed.']);

    it('names in every next step only things its transcript speaks of', () => {
      const unsaid: string[] = [];
      let steps = 0;
      for (const body of bodies) {
        const transcript = said(body);
        for (const step of body.insights.NextSteps ?? []) {
          steps++;
          const text = step.value.toLowerCase();
          const named = [...NOUNS.filter((noun) => new RegExp(`\\b${noun}\\b`).test(text)), ...(text.match(/\d+(st|nd|rd|th)?/g) ?? [])];
          if (GENERIC.has(step.value)) continue;
          expect(named.length, step.value).toBeGreaterThan(0);
          for (const noun of named) if (!transcript.includes(noun)) unsaid.push(`${step.value} (never says "${noun}")`);
        }
      }
      expect(steps).toBeGreaterThan(bodies.length / 2);
      expect([...new Set(unsaid)]).toEqual([]);
    });

    it('has each next step template name something that test checks', () => {
      for (const script of Object.values(SCRIPTS)) {
        for (const template of script.nextSteps) {
          if (GENERIC.has(template)) continue;
          const text = template.toLowerCase();
          const names = NOUNS.some((noun) => text.includes(noun)) || /\{(dish|occasion|allergy|relative|amount|phone4|card4|date|day|party|time|count)\}/.test(template);
          expect(names, template).toBe(true);
        }
      }
    });

    it('has a generic summary in every script, for a call too short to say anything specific', () => {
      for (const script of Object.values(SCRIPTS)) expect(script.summaries.some((summary) => !summary.includes('['))).toBe(true);
    });
  });
});
