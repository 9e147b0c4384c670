import { afterEach, describe, expect, test } from 'vitest';
import { endOfRange, parseTimeRange, parseWhen } from '../../src/query/dates.js';
import { QueryError } from '../../src/query/errors.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const before = process.env.TZ;
afterEach(() => {
  if (before === undefined) delete process.env.TZ;
  else process.env.TZ = before;
});

describe('dates, times and durations on the command line (no archive)', () => {
  test('durations count back from now', () => {
    expect(parseWhen('90m', NOW, '--from').ms).toBe(NOW.getTime() - 90 * 60_000);
    expect(parseWhen('36h', NOW, '--from').ms).toBe(NOW.getTime() - 36 * 3_600_000);
    expect(parseWhen(' 7d ', NOW, '--since').ms).toBe(NOW.getTime() - 7 * 86_400_000);
    expect(parseWhen('now', NOW, '--to')).toEqual({ ms: NOW.getTime(), dateOnly: false });
  });

  test('dates and date-times without a zone are local time; with a zone they are exact', () => {
    process.env.TZ = 'America/New_York';
    expect(parseWhen('2026-11-01', NOW, '--from')).toEqual({ ms: Date.parse('2026-11-01T04:00:00Z'), dateOnly: true });
    expect(parseWhen('2026-11-20T08:30', NOW, '--from').ms).toBe(Date.parse('2026-11-20T13:30:00Z'));
    expect(parseWhen('2026-11-20 08:30:15.5', NOW, '--from').ms).toBe(Date.parse('2026-11-20T13:30:15.500Z'));
    expect(parseWhen('2026-11-20T08:30:00Z', NOW, '--from').ms).toBe(Date.parse('2026-11-20T08:30:00Z'));
    expect(parseWhen('2026-11-20T08:30:00+02:00', NOW, '--from').ms).toBe(Date.parse('2026-11-20T06:30:00Z'));
    expect(parseWhen('2026-11-20T08:30:00-0530', NOW, '--from').ms).toBe(Date.parse('2026-11-20T14:00:00Z'));
  });

  test('a bare date as the end of a range includes the whole local day, across a DST change', () => {
    process.env.TZ = 'America/New_York';
    // 2026-11-01 is 25 hours long in New York (DST ends).
    expect(endOfRange(parseWhen('2026-11-01', NOW, '--to'))).toBe(Date.parse('2026-11-02T05:00:00Z'));
    expect(parseTimeRange('2026-11-01', '2026-11-01', NOW)).toEqual({ fromMs: Date.parse('2026-11-01T04:00:00Z'), toMs: Date.parse('2026-11-02T05:00:00Z') });
    expect(parseTimeRange(undefined, '2026-11-20T10:00:00Z', NOW).toMs).toBe(Date.parse('2026-11-20T10:00:00.001Z'));
    expect(parseTimeRange(undefined, undefined, NOW)).toEqual({ fromMs: null, toMs: null });
  });

  test('bad values are usage errors that show a good example', () => {
    for (const bad of ['', 'yesterday', '2026-13-01', '2026-02-30', '2026-11-20T25:00', '2026-11-20T10:00+15:00', '7 days', '-3d', '26/11/2026', '1969-12-31']) {
      let error: unknown;
      try {
        parseWhen(bad, NOW, '--from');
      } catch (caught) {
        error = caught;
      }
      expect(error, bad).toBeInstanceOf(QueryError);
      expect((error as QueryError).message).toMatch(/^--from: ".*" is not a date, date-time or duration$/);
      expect((error as QueryError).hint).toContain('2026-11-01T08:00:00Z');
    }
    expect(() => parseTimeRange('2026-11-20', '2026-11-19', NOW)).toThrow(/--from \(2026-11-20\) is not before --to \(2026-11-19\)/);
  });
});
