import { parseDuration } from '../config/duration.js';
import { type QueryError, badRequest } from './errors.js';
import { COMMAND_LINE, type ParameterStyle } from './parameter-style.js';

/**
 * Dates and durations on the command line (`--from`, `--to`, `--since`, `--until`) and in the API's
 * `from` and `to` parameters: an ISO date
 * (`2026-11-01`), a date-time with or without seconds and zone (`2026-11-01T08:00`,
 * `2026-11-01 08:00:00`, `2026-11-01T08:00:00Z`, `…+02:00`), a duration back from now (`90m`,
 * `36h`, `7d`, `2w`) or `now`. A date or date-time without a zone is local time, as a person at the
 * terminal means it.
 */
export interface ParsedWhen {
  /** The instant, in ms since the epoch (for a bare date: local midnight at its start). */
  ms: number;
  /** The text was a bare date, which as an upper bound means "up to the end of that day". */
  dateOnly: boolean;
}

const EXAMPLE_HINT = 'use a date (2026-11-01), a date-time (2026-11-01T08:00:00Z; no zone = local time) or a duration back from now (90m, 36h, 7d)';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses one value; `option` names the flag or parameter in the error (e.g. `--from`). Throws QueryError `bad_request` (exit 2). */
export function parseWhen(text: string, now: Date, option: string): ParsedWhen {
  const value = text.trim();
  if (value.toLowerCase() === 'now') return { ms: now.getTime(), dateOnly: false };
  const duration = parseDuration(value);
  if (duration !== undefined) return { ms: now.getTime() - duration, dateOnly: false };

  const date = DATE.exec(value);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    return { ms: localTime(text, option, year, month, day, 0, 0, 0, 0), dateOnly: true };
  }
  const dateTime = DATE_TIME.exec(value);
  if (dateTime) {
    const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(dateTime[i]));
    const second = Number(dateTime[6] ?? 0);
    const ms = Number((dateTime[7] ?? '0').padEnd(3, '0').slice(0, 3));
    const zone = dateTime[8];
    if (!zone) return { ms: localTime(text, option, year!, month!, day!, hour!, minute!, second, ms), dateOnly: false };
    checkFields(text, option, year!, month!, day!, hour!, minute!, second);
    const utc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second, ms);
    return { ms: utc - zoneOffsetMs(zone, text, option), dateOnly: false };
  }
  throw invalid(text, option);
}

/**
 * A `--from`/`--to` pair as a half-open range [fromMs, toMs) of start times. A bare date in `--to`
 * includes that whole (local) day; a date-time in `--to` includes that instant.
 */
export function parseTimeRange(
  from: string | undefined,
  to: string | undefined,
  now: Date,
  style: ParameterStyle = COMMAND_LINE,
): { fromMs: number | null; toMs: number | null } {
  const start = from === undefined ? null : parseWhen(from, now, style.name('from')).ms;
  const end = to === undefined ? null : endOfRange(parseWhen(to, now, style.name('to')));
  if (start !== null && end !== null && start >= end) {
    throw badRequest(`${style.name('from')} (${from}) is not before ${style.name('to')} (${to})`, `e.g. ${style.example(['from', '2026-11-01'], ['to', '2026-11-30'])}`);
  }
  return { fromMs: start, toMs: end };
}

/** The exclusive end of a range whose last moment the user named. */
export function endOfRange(when: ParsedWhen): number {
  if (!when.dateOnly) return when.ms + 1;
  const day = new Date(when.ms);
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).getTime();
}

function localTime(text: string, option: string, y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  checkFields(text, option, y, mo, d, h, mi, s);
  const date = new Date(y, mo - 1, d, h, mi, s, ms);
  // new Date() rolls 2026-02-30 over into March: refuse what does not name a real calendar day.
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) throw invalid(text, option);
  return date.getTime();
}

function checkFields(text: string, option: string, y: number, mo: number, d: number, h: number, mi: number, s: number): void {
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59) throw invalid(text, option);
}

function zoneOffsetMs(zone: string, text: string, option: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!match) throw invalid(text, option);
  const [hours, minutes] = [Number(match[2]), Number(match[3])];
  if (hours > 14 || minutes > 59) throw invalid(text, option);
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

function invalid(text: string, option: string): QueryError {
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  return badRequest(`${option}: ${shown} is not a date, date-time or duration`, EXAMPLE_HINT);
}
