import type { TextSink } from '../context.js';
import { terminalSafe } from './terminal-text.js';

/**
 * How moments read in text output (docs/cli.md, "Times"): on a terminal, local and human
 * (`2026-11-20 09:04`, `5 min ago`, `in 12 min`, `now`), for the person reading them; piped or
 * redirected, ISO 8601 UTC to the second (`2026-11-20T17:04:05Z`), for the program reading them.
 * JSON never goes through here: it keeps the stored ISO UTC values.
 */
export interface TimeFormatter {
  /** Whether times are written for a person (stdout is a terminal). */
  readonly forPerson: boolean;
  /** A moment: `2026-11-20 09:04` local, or ISO UTC. */
  at(iso: string): string;
  /** A moment to the second (the audit log): `2026-11-20 09:04:05` local, or ISO UTC. */
  atSecond(iso: string): string;
  /** A moment and how far it is from now: `2026-11-20 09:04 (5 min ago)`, or ISO UTC. */
  atAndAge(iso: string): string;
  /** When something is due: `now` once the moment has come, else `in 12 min`; or ISO UTC. */
  due(iso: string): string;
}

/** The formatter for what goes to `out`: for a person when it is a terminal (a pager counts as one). */
export function timeFormatter(out: TextSink, now: Date): TimeFormatter {
  return out.isTTY === true ? personTimes(now) : machineTimes();
}

export function personTimes(now: Date): TimeFormatter {
  return {
    forPerson: true,
    at: (iso) => withDate(iso, (date) => localDateTime(date)),
    atSecond: (iso) => withDate(iso, (date) => `${localDateTime(date)}:${pad(date.getSeconds())}`),
    atAndAge: (iso) => withDate(iso, (date) => `${localDateTime(date)} (${relativeTime(date.getTime(), now.getTime())})`),
    due: (iso) => withDate(iso, (date) => (date.getTime() <= now.getTime() ? 'now' : relativeTime(date.getTime(), now.getTime()))),
  };
}

export function machineTimes(): TimeFormatter {
  const utc = (iso: string) => withDate(iso, isoUtc);
  return { forPerson: false, at: utc, atSecond: utc, atAndAge: utc, due: utc };
}

/** `2026-11-20T17:04:05Z`: ISO 8601 UTC to the second, which `date -d`, jq and spreadsheets read. */
export function isoUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2026-11-20 09:04` in the local time zone: what a person at the terminal reads a start time as. */
export function localDateTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * How far `ms` is from `nowMs`, rounded to what a person cares about: `just now` / `now` within a
 * minute, then minutes, hours up to a day and a half, then days; `in …` ahead, `… ago` behind.
 */
export function relativeTime(ms: number, nowMs: number): string {
  const ahead = ms > nowMs;
  const seconds = Math.abs(ms - nowMs) / 1000;
  if (seconds < 60) return ahead ? 'now' : 'just now';
  const minutes = Math.round(seconds / 60);
  const span = minutes < 90 ? `${minutes} min` : minutes < 36 * 60 ? `${Math.round(minutes / 60)} h` : plural(Math.round(minutes / 1440), 'day');
  return ahead ? `in ${span}` : `${span} ago`;
}

/** Seconds as `m:ss` or `h:mm:ss`. */
export function clockDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A transcript offset as `mm:ss` (minutes go past 59 on long calls rather than adding hours). */
export function offsetLabel(seconds: number | null): string {
  const total = Math.max(0, Math.floor(seconds ?? 0));
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** Text that is not a date (never written by this program, but read from a database) is shown as it is, made safe. */
function withDate(iso: string, format: (date: Date) => string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? terminalSafe(iso) : format(date);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
