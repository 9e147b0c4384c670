import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { type Html, html } from './html.js';

/** Seconds as `m:ss` or `h:mm:ss`. */
export function clockDuration(totalSeconds: number | null): string {
  const seconds = Math.max(0, Math.round(totalSeconds ?? 0));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A duration for a screen reader and a tooltip: `2 min 5 s`. */
export function spokenDuration(totalSeconds: number | null): string {
  const seconds = Math.max(0, Math.round(totalSeconds ?? 0));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h > 0 ? `${h} h` : '', m > 0 ? `${m} min` : '', s > 0 || seconds === 0 ? `${s} s` : ''].filter(Boolean).join(' ');
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A stored time as a `<time>` element. The server does not know the reader's time zone, so it
 * writes UTC (`Fri 20 Nov 2026, 15:00 UTC`) and the page's script rewrites the text in the
 * browser's own zone; `datetime` keeps the exact instant either way. `short` leaves out the
 * weekday (and, in the browser, the current year): for lists. Text that is not a time is shown as
 * it is.
 */
export function timeElement(iso: string | null, style: 'long' | 'short' = 'long'): Html {
  if (!iso) return html`<span class="muted">unknown</span>`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return html`${iso}`;
  const day = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  const text = `${style === 'long' ? `${WEEKDAYS[date.getUTCDay()]} ` : ''}${day}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
  return html`<time datetime="${date.toISOString()}" data-local="${style}">${text}</time>`;
}

/** `YYYY-MM-DD` as `20 Nov` (the year only when the range spans years: callers decide). */
export function shortDay(date: string, withYear = false): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return `${d} ${MONTHS[m - 1] ?? ''}${withYear ? ` ${y}` : ''}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const NANP = /^\+1(\d{3})(\d{3})(\d{4})$/;
const formatted = new Map<string, string>();
const FORMATTED_KEPT = 10_000;

/**
 * An E.164 number as people write it (`+1 415 555 0100`, `+44 20 7183 8750`); anything else as
 * stored. North American numbers are grouped directly; others go through libphonenumber, whose
 * parsing costs ~0.1–0.3 ms a number (a page of 50 calls has 100), so its answers are kept.
 */
export function phoneLabel(phoneNumber: string): string {
  const nanp = NANP.exec(phoneNumber);
  if (nanp) return `+1 ${nanp[1]} ${nanp[2]} ${nanp[3]}`;
  let label = formatted.get(phoneNumber);
  if (label === undefined) {
    const parsed = phoneNumber.startsWith('+') ? parsePhoneNumberFromString(phoneNumber) : undefined;
    label = parsed?.isValid() ? parsed.formatInternational() : phoneNumber;
    if (formatted.size >= FORMATTED_KEPT) formatted.clear();
    formatted.set(phoneNumber, label);
  }
  return label;
}

export interface Party {
  phoneNumber: string | null;
  name: string | null;
  extensionNumber: string | null;
}

/** Who a party is in a few words: the name, else the number, else the extension. */
export function partyName(party: Party): string {
  if (party.name) return party.name;
  if (party.phoneNumber) return phoneLabel(party.phoneNumber);
  if (party.extensionNumber) return `Ext. ${party.extensionNumber}`;
  return 'Unknown';
}

/** The number (or extension) that goes under a party's name, when the name is shown. */
export function partyDetail(party: Party): string | null {
  if (!party.name) return party.extensionNumber && party.phoneNumber ? `ext. ${party.extensionNumber}` : null;
  const parts = [party.phoneNumber ? phoneLabel(party.phoneNumber) : null, party.extensionNumber ? `ext. ${party.extensionNumber}` : null];
  return parts.filter(Boolean).join(', ') || null;
}

const THOUSANDS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Whole numbers with thousands separators (`12,345`), the same for every reader. */
export function count(n: number): string {
  return THOUSANDS.format(Math.round(n));
}

export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0 %';
  const value = (part / whole) * 100;
  return `${value < 10 && value > 0 ? value.toFixed(1) : Math.round(value)} %`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** Transcript statuses as a reader says them. */
export const STATUS_LABELS: Record<string, string> = {
  ready: 'Ready',
  pending: 'Pending',
  unavailable: 'Unavailable',
  not_licensed: 'Not licensed',
  skipped: 'Skipped (too short)',
  failed: 'Failed',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}
