/**
 * A service's own throttle in front of its endpoints, tighter than the rate-limit group it belongs
 * to: RingSense has been seen answering 429 well below the Light group's nominal 50 requests a
 * minute while the group's `X-Rate-Limit-*` headers still show room
 * (docs/design.md, "RingCentral as it really behaves"). Beyond `limit` requests in a sliding window
 * of `windowSeconds` it answers 429 with `Retry-After`; refused requests do not count, and there is
 * no penalty that restarts.
 */

export interface ThrottleRule {
  limit: number;
  windowSeconds: number;
  /** Sent as `Retry-After` (default: until the oldest counted request leaves the window, rounded up). */
  retryAfterSeconds?: number | undefined;
}

export class Throttle {
  private readonly times: number[] = [];

  constructor(readonly rule: ThrottleRule) {
    if (!(rule.limit >= 1) || !(rule.windowSeconds > 0)) throw new RangeError('a throttle needs limit ≥ 1 and windowSeconds > 0');
  }

  /** Counts the request when it may pass; otherwise the seconds to send as `Retry-After`. */
  admit(now: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const windowMs = this.rule.windowSeconds * 1000;
    while (this.times.length > 0 && (this.times[0] ?? 0) <= now - windowMs) this.times.shift();
    if (this.times.length < this.rule.limit) {
      this.times.push(now);
      return { allowed: true };
    }
    const untilFree = Math.max(1, Math.ceil(((this.times[0] ?? now) + windowMs - now) / 1000));
    return { allowed: false, retryAfterSeconds: this.rule.retryAfterSeconds ?? untilFree };
  }
}
