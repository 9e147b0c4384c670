/**
 * RingCentral's user-level rate-limit groups (docs/ringcentral.md, "Rate limits"). Every endpoint belongs to one; the limits
 * are per (user, app, group) and a sliding window.
 */
export type RateLimitGroup = 'Heavy' | 'Medium' | 'Light' | 'Auth';

export const RATE_LIMIT_GROUPS: readonly RateLimitGroup[] = ['Heavy', 'Medium', 'Light', 'Auth'];

export interface RateLimitBudget {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/** RingCentral's documented defaults (docs/ringcentral.md, "Rate limits"); a Developer Console setting can change them per app. */
export const DEFAULT_BUDGETS: Readonly<Record<RateLimitGroup, RateLimitBudget>> = {
  Heavy: { limit: 10, windowMs: 60_000 },
  Medium: { limit: 40, windowMs: 60_000 },
  Light: { limit: 50, windowMs: 60_000 },
  Auth: { limit: 5, windowMs: 60_000 },
};

/**
 * The group of a request, from its path (spec `x-throttling-group`): the token endpoint is Auth,
 * RingSense and the user-permission check are Light, and the call log and recordings (metadata and media content alike) are Heavy.
 */
export function groupForUrl(url: string): RateLimitGroup {
  const path = pathOf(url);
  if (path.startsWith('/restapi/oauth/')) return 'Auth';
  if (path.startsWith('/ai/ringsense/') || path.endsWith('/authz-profile/check')) return 'Light';
  if (/\/(call-log|call-log-sync|call-log-extract-sync|recording|call-recordings)(\/|$)/.test(path)) return 'Heavy';
  return 'Medium';
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return url;
  }
}
