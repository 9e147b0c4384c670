/** `Retry-After` in milliseconds: delta-seconds (RingCentral's form) or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export interface RateLimitHeaderValues {
  group: string | null;
  limit: number | null;
  remaining: number | null;
  windowMs: number | null;
}

/** The `X-Rate-Limit-*` headers RingCentral sends on (almost) every response (docs/ringcentral.md, "Rate limits"). */
export function readRateLimitHeaders(headers: { get(name: string): string | null }): RateLimitHeaderValues {
  const number = (name: string): number | null => {
    const raw = headers.get(name);
    if (raw === null || raw.trim() === '') return null;
    const value = Number(raw);
    return Number.isFinite(value) && value >= 0 ? value : null;
  };
  const window = number('x-rate-limit-window');
  return {
    group: headers.get('x-rate-limit-group'),
    limit: number('x-rate-limit-limit'),
    remaining: number('x-rate-limit-remaining'),
    windowMs: window === null ? null : window * 1000,
  };
}
