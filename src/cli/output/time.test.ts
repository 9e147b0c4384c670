import { afterEach, describe, expect, test } from 'vitest';
import { isoUtc, machineTimes, personTimes, relativeTime, timeFormatter } from './time.js';

// Node reads TZ again whenever it changes; every test here runs in a zone that is not UTC, so a
// formatter that printed UTC for a person (or local time for a program) would fail.
const before = process.env.TZ;
afterEach(() => {
  if (before === undefined) delete process.env.TZ;
  else process.env.TZ = before;
});

const NOW = new Date('2026-11-30T02:40:00.000Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000).toISOString();

describe('for a person (a terminal)', () => {
  test('moments are local time: Los Angeles is UTC−8 in November, Kolkata UTC+5:30', () => {
    process.env.TZ = 'America/Los_Angeles';
    const times = personTimes(NOW);
    expect(times.at('2026-11-30T02:33:12.527Z')).toBe('2026-11-29 18:33');
    expect(times.atSecond('2026-11-30T02:33:12.527Z')).toBe('2026-11-29 18:33:12');
    process.env.TZ = 'Asia/Kolkata';
    expect(personTimes(NOW).at('2026-11-30T02:33:12.527Z')).toBe('2026-11-30 08:03');
  });

  test('a due time already past is "now", a future one "in N min"; ages say how long ago', () => {
    process.env.TZ = 'Asia/Kolkata';
    const times = personTimes(NOW);
    expect(times.due('2026-11-30T02:38:36.527Z')).toBe('now');
    expect(times.due(minutes(12))).toBe('in 12 min');
    expect(times.atAndAge(minutes(-5))).toBe('2026-11-30 08:05 (5 min ago)');
    expect(times.forPerson).toBe(true);
  });

  test('relative times round to minutes, hours, then days', () => {
    const now = NOW.getTime();
    expect(relativeTime(now + 30_000, now)).toBe('now');
    expect(relativeTime(now - 30_000, now)).toBe('just now');
    expect(relativeTime(now + 89 * 60_000, now)).toBe('in 89 min');
    expect(relativeTime(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(relativeTime(now + 35 * 3_600_000, now)).toBe('in 35 h');
    expect(relativeTime(now - 36 * 3_600_000, now)).toBe('2 days ago');
    expect(relativeTime(now + 24 * 3_600_000 * 10, now)).toBe('in 10 days');
  });
});

describe('for a program (piped)', () => {
  test('every kind of moment is ISO 8601 UTC to the second, whatever the zone', () => {
    process.env.TZ = 'America/Los_Angeles';
    const times = machineTimes();
    for (const format of [times.at, times.atSecond, times.atAndAge, times.due]) expect(format('2026-11-30T02:33:12.527Z')).toBe('2026-11-30T02:33:12Z');
    expect(isoUtc(new Date('2026-01-02T03:04:05.999Z'))).toBe('2026-01-02T03:04:05Z');
    expect(times.forPerson).toBe(false);
  });

  test('the choice follows the sink: a terminal gets local time, anything else ISO UTC', () => {
    process.env.TZ = 'Asia/Kolkata';
    const sink = (isTTY: boolean) => ({ isTTY, write: () => true });
    expect(timeFormatter(sink(true), NOW).at('2026-11-30T02:33:12.527Z')).toBe('2026-11-30 08:03');
    expect(timeFormatter(sink(false), NOW).at('2026-11-30T02:33:12.527Z')).toBe('2026-11-30T02:33:12Z');
  });

  test('text that is not a time is shown as it is, made safe for a terminal', () => {
    expect(personTimes(NOW).at('soon\u001b[2J')).toBe('soon\\x1b[2J');
    expect(machineTimes().at('')).toBe('');
  });
});
