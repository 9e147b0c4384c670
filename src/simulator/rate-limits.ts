/**
 * RingCentral's user-level rate limits (docs/ringcentral.md, "Rate limits"): per group, a sliding window of
 * `limit` requests per `windowSeconds`; exceeding it gives 429 and a penalty during which every further request is refused
 * and restarts the penalty ("Every time you send a request that is caught … we reset the clock").
 */

export type RateLimitGroup = 'Light' | 'Medium' | 'Heavy' | 'Auth';
export const RATE_LIMIT_GROUPS: readonly RateLimitGroup[] = ['Light', 'Medium', 'Heavy', 'Auth'];

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
  /** Default 60 s, RingCentral's documented penalty. */
  penaltySeconds?: number | undefined;
}

/** 'realistic' = RingCentral's defaults; 'off' = unlimited; an object limits only the groups it names. */
export type RateLimitOption = 'realistic' | 'off' | Partial<Record<RateLimitGroup, RateLimitRule>>;

export const REALISTIC_RATE_LIMITS: Record<RateLimitGroup, Required<RateLimitRule>> = {
  Heavy: { limit: 10, windowSeconds: 60, penaltySeconds: 60 },
  Medium: { limit: 40, windowSeconds: 60, penaltySeconds: 60 },
  Light: { limit: 50, windowSeconds: 60, penaltySeconds: 60 },
  Auth: { limit: 5, windowSeconds: 60, penaltySeconds: 60 },
};

/** What an unlimited group reports in its headers. */
const UNLIMITED = { limit: 1_000_000_000, windowSeconds: 60 };

export interface RateLimitVerdict {
  allowed: boolean;
  headers: Record<string, string>;
  /** Seconds to wait, for the Retry-After header of a 429. */
  retryAfterSeconds?: number;
}

class GroupState {
  private times: number[] = [];
  private head = 0;
  penaltyUntil = -Infinity;

  constructor(readonly rule: Required<RateLimitRule>) {}

  /** Requests counted in the window ending at `now`. */
  countAt(now: number): number {
    const cutoff = now - this.rule.windowSeconds * 1000;
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  record(now: number): void {
    this.times.push(now);
  }
}

export class RateLimiter {
  private readonly groups = new Map<RateLimitGroup, GroupState>();

  constructor(option: RateLimitOption) {
    const rules = option === 'realistic' ? REALISTIC_RATE_LIMITS : option === 'off' ? {} : option;
    for (const group of RATE_LIMIT_GROUPS) {
      const rule = rules[group];
      if (rule) this.groups.set(group, new GroupState({ limit: rule.limit, windowSeconds: rule.windowSeconds, penaltySeconds: rule.penaltySeconds ?? 60 }));
    }
  }

  check(group: RateLimitGroup, now: number): RateLimitVerdict {
    const state = this.groups.get(group);
    const name = group.toLowerCase();
    if (!state) {
      return { allowed: true, headers: headers(name, UNLIMITED.limit, UNLIMITED.limit, UNLIMITED.windowSeconds) };
    }
    const { limit, windowSeconds, penaltySeconds } = state.rule;
    if (now < state.penaltyUntil || state.countAt(now) >= limit) {
      state.penaltyUntil = now + penaltySeconds * 1000;
      return { allowed: false, headers: headers(name, limit, 0, windowSeconds), retryAfterSeconds: penaltySeconds };
    }
    state.record(now);
    return { allowed: true, headers: headers(name, limit, limit - state.countAt(now), windowSeconds) };
  }
}

function headers(group: string, limit: number, remaining: number, window: number): Record<string, string> {
  return {
    'X-Rate-Limit-Group': group,
    'X-Rate-Limit-Limit': String(limit),
    'X-Rate-Limit-Remaining': String(Math.max(0, remaining)),
    'X-Rate-Limit-Window': String(window),
  };
}

/**
 * Parses the CLI's `--rate-limits` value: `realistic`, `off`, or JSON such as
 * `{"Heavy":{"limit":10,"window":60,"penalty":60}}` (`windowSeconds`/`penaltySeconds` also accepted).
 * Throws an Error whose message says what is wrong.
 */
export function parseRateLimits(text: string): RateLimitOption {
  const trimmed = text.trim();
  if (trimmed === 'realistic' || trimmed === 'off') return trimmed;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new Error(`--rate-limits must be realistic, off or JSON; got ${JSON.stringify(text)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('--rate-limits JSON must be an object of groups');
  const result: Partial<Record<RateLimitGroup, RateLimitRule>> = {};
  for (const [group, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!RATE_LIMIT_GROUPS.includes(group as RateLimitGroup)) throw new Error(`unknown rate-limit group ${JSON.stringify(group)} (use ${RATE_LIMIT_GROUPS.join(', ')})`);
    const rule = value as Record<string, unknown>;
    const limit = rule?.limit;
    const windowSeconds = rule?.windowSeconds ?? rule?.window;
    const penaltySeconds = rule?.penaltySeconds ?? rule?.penalty;
    if (!isPositiveInt(limit) || !isPositiveNumber(windowSeconds) || (penaltySeconds !== undefined && !isPositiveNumber(penaltySeconds))) {
      throw new Error(`rate-limit group ${group} needs a whole "limit" ≥ 1 and a "window" in seconds > 0 (optional "penalty")`);
    }
    result[group as RateLimitGroup] = { limit, windowSeconds, penaltySeconds };
  }
  return result;
}

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const isPositiveNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
