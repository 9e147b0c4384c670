import { unit } from './generator/prng.js';
import type { HostileInsightsKind, HostileRecordKind } from './hostile.js';
import type { RefreshRefusalCode } from './http/error-bodies.js';

/**
 * Fault injection. Every fault can be limited to requests whose path starts with `pathPrefix`
 * (e.g. '/restapi/v1.0/account/~/call-log'). Faults apply before authentication and rate limiting, like
 * failures of the infrastructure in front of RingCentral; random ones are drawn from the seed, so a run
 * with the same seed and the same requests fails the same way.
 */

/** 429 answers RingCentral's rate-limit body (a storm from outside the simulated limits). */
export type FaultStatus = 429 | 500 | 502 | 503 | 504;

/** Where a dropped connection is cut: before any byte, right after the headers, or halfway through the body. */
export type DropPoint = 'before-headers' | 'after-headers' | 'mid-body';

/** A call-log record broken so that it fails the spec's schema. */
export type InvalidRecordKind = 'startTime-number' | 'recording-id-missing';

/**
 * RingCentral stops accepting a valid access token: OAU-213 "Token not found" (its session was rotated
 * out by the session limit, or revoked: the refresh token is gone too) or OAU-129 "Access token
 * corrupted" (only the access token is gone; the refresh token still works).
 */
export type TokenRejectionCode = 'OAU-213' | 'OAU-129';

export interface FaultOptions {
  failNext?: { count: number; status?: FaultStatus; pathPrefix?: string; retryAfterSeconds?: number };
  errorRate?: { rate: number; status?: FaultStatus; pathPrefix?: string; retryAfterSeconds?: number };
  delay?: { ms: number; pathPrefix?: string };
  dropNext?: { count: number; pathPrefix?: string; at?: DropPoint };
  malformedNext?: { count: number; pathPrefix?: string };
  invalidRecordNext?: { count: number; kind?: InvalidRecordKind };
  rejectTokenNext?: { count: number; code?: TokenRejectionCode; pathPrefix?: string };
  rejectTokenRate?: { rate: number; code?: TokenRejectionCode; pathPrefix?: string };
  refuseRefreshNext?: { count: number; code?: RefreshRefusalCode };
  rangeNotSatisfiableNext?: { count: number; pathPrefix?: string };
}

interface Counted {
  remaining: number;
  pathPrefix: string;
}

/** What the faults decided for one request. */
export interface FaultDecision {
  delayMs: number;
  drop?: DropPoint;
  fail?: { status: FaultStatus; retryAfterSeconds?: number | undefined };
}

type Rate<T> = { rate: number; pathPrefix: string } & T;

export class FaultController {
  private failures: Array<Counted & { status: FaultStatus; retryAfterSeconds?: number | undefined }> = [];
  private drops: Array<Counted & { at: DropPoint }> = [];
  private malformed: Counted[] = [];
  private invalidRecords: Array<{ remaining: number; kind: InvalidRecordKind }> = [];
  private rate: Rate<{ status: FaultStatus; retryAfterSeconds?: number | undefined }> | null = null;
  private tokenRejections: Array<Counted & { code: TokenRejectionCode }> = [];
  private tokenRejectionRate: Rate<{ code: TokenRejectionCode }> | null = null;
  private refreshRefusals: Array<{ remaining: number; code: RefreshRefusalCode }> = [];
  private unsatisfiableRanges: Counted[] = [];
  private delays: { ms: number; pathPrefix: string } | null = null;
  private hostileRecords: Array<{ remaining: number; kind: HostileRecordKind }> = [];
  private hostileInsights: Array<{ remaining: number; kind: HostileInsightsKind }> = [];
  private rolls = 0;

  constructor(
    private readonly seed: number,
    initial: FaultOptions = {},
  ) {
    if (initial.failNext) this.failNext(initial.failNext.count, initial.failNext);
    if (initial.errorRate) this.errorRate(initial.errorRate.rate, initial.errorRate);
    if (initial.delay) this.delay(initial.delay.ms, initial.delay);
    if (initial.dropNext) this.dropNext(initial.dropNext.count, initial.dropNext);
    if (initial.malformedNext) this.malformNext(initial.malformedNext.count, initial.malformedNext);
    if (initial.invalidRecordNext) this.invalidRecordNext(initial.invalidRecordNext.count, initial.invalidRecordNext.kind);
    if (initial.rejectTokenNext) this.rejectTokenNext(initial.rejectTokenNext.count, initial.rejectTokenNext);
    if (initial.rejectTokenRate) this.rejectTokenRate(initial.rejectTokenRate.rate, initial.rejectTokenRate);
    if (initial.refuseRefreshNext) this.refuseRefreshNext(initial.refuseRefreshNext.count, initial.refuseRefreshNext.code);
    if (initial.rangeNotSatisfiableNext) this.rangeNotSatisfiableNext(initial.rangeNotSatisfiableNext.count, initial.rangeNotSatisfiableNext);
  }

  /** The next `count` matching requests answer `status` (default 503) with RingCentral's error body. */
  failNext(count: number, options: { status?: FaultStatus; pathPrefix?: string; retryAfterSeconds?: number } = {}): void {
    this.failures.push({ remaining: count, status: options.status ?? 503, pathPrefix: options.pathPrefix ?? '', retryAfterSeconds: options.retryAfterSeconds });
  }

  /**
   * From now on, each matching request fails with probability `rate` (seeded); 0 turns it off. A 503
   * with `retryAfterSeconds` is RingCentral's CMN-201 "Service Temporary Unavailable" asking to wait.
   */
  errorRate(rate: number, options: { status?: FaultStatus; pathPrefix?: string; retryAfterSeconds?: number } = {}): void {
    this.rate = rate > 0 ? { rate, status: options.status ?? 500, pathPrefix: options.pathPrefix ?? '', retryAfterSeconds: options.retryAfterSeconds } : null;
  }

  /** The access token of each of the next `count` matching authenticated requests is rejected with 401 `code` (default OAU-213). */
  rejectTokenNext(count: number, options: { code?: TokenRejectionCode; pathPrefix?: string } = {}): void {
    this.tokenRejections.push({ remaining: count, code: options.code ?? 'OAU-213', pathPrefix: options.pathPrefix ?? '' });
  }

  /** From now on, each matching authenticated request has its access token rejected with probability `rate` (seeded); 0 turns it off. */
  rejectTokenRate(rate: number, options: { code?: TokenRejectionCode; pathPrefix?: string } = {}): void {
    this.tokenRejectionRate = rate > 0 ? { rate, code: options.code ?? 'OAU-213', pathPrefix: options.pathPrefix ?? '' } : null;
  }

  /** The next `count` refresh grants are refused with 400 invalid_grant and `code` (default OAU-211); the refresh token is spent. */
  refuseRefreshNext(count: number, code: RefreshRefusalCode = 'OAU-211'): void {
    this.refreshRefusals.push({ remaining: count, code });
  }

  /**
   * The next `count` matching recording-content requests that carry a `Range` answer 416 CMN-107, as when
   * the media changed since the first bytes were fetched (a `Range` beyond the size always does).
   */
  rangeNotSatisfiableNext(count: number, options: { pathPrefix?: string } = {}): void {
    this.unsatisfiableRanges.push({ remaining: count, pathPrefix: options.pathPrefix ?? '' });
  }

  /** From now on, matching requests wait `ms` before being handled; 0 turns it off. */
  delay(ms: number, options: { pathPrefix?: string } = {}): void {
    this.delays = ms > 0 ? { ms, pathPrefix: options.pathPrefix ?? '' } : null;
  }

  /** The next `count` matching requests lose their connection at `at` (default 'mid-body'). */
  dropNext(count: number, options: { pathPrefix?: string; at?: DropPoint } = {}): void {
    this.drops.push({ remaining: count, pathPrefix: options.pathPrefix ?? '', at: options.at ?? 'mid-body' });
  }

  /** The next `count` matching JSON responses are cut short: status 200, a body that is not valid JSON. */
  malformNext(count: number, options: { pathPrefix?: string } = {}): void {
    this.malformed.push({ remaining: count, pathPrefix: options.pathPrefix ?? '' });
  }

  /** The first record of each of the next `count` call-log pages is broken (default: `startTime: 12345`). */
  invalidRecordNext(count: number, kind: InvalidRecordKind = 'startTime-number'): void {
    this.invalidRecords.push({ remaining: count, kind });
  }

  /** The first record with a recording of each of the next `count` call-log pages is made hostile (hostile.ts). */
  hostileRecordNext(count: number, kind: HostileRecordKind): void {
    this.hostileRecords.push({ remaining: count, kind });
  }

  /** The next `count` RingSense insights bodies (200 answers) are made hostile (hostile.ts). */
  hostileInsightsNext(count: number, kind: HostileInsightsKind): void {
    this.hostileInsights.push({ remaining: count, kind });
  }

  /** Removes every fault. */
  clear(): void {
    this.failures = [];
    this.drops = [];
    this.malformed = [];
    this.invalidRecords = [];
    this.hostileRecords = [];
    this.hostileInsights = [];
    this.tokenRejections = [];
    this.refreshRefusals = [];
    this.unsatisfiableRanges = [];
    this.rate = null;
    this.tokenRejectionRate = null;
    this.delays = null;
  }

  /** Decides the faults of one request (consumes counted ones). */
  decide(path: string): FaultDecision {
    const decision: FaultDecision = { delayMs: this.delays && path.startsWith(this.delays.pathPrefix) ? this.delays.ms : 0 };
    const drop = take(this.drops, path);
    if (drop) {
      decision.drop = drop.at;
      return decision;
    }
    const failure = take(this.failures, path);
    if (failure) {
      decision.fail = { status: failure.status, retryAfterSeconds: failure.retryAfterSeconds };
    } else if (this.rate && path.startsWith(this.rate.pathPrefix)) {
      if (unit(this.seed, 0xfa17, this.rolls++) < this.rate.rate) decision.fail = { status: this.rate.status, retryAfterSeconds: this.rate.retryAfterSeconds };
    }
    return decision;
  }

  /** Whether this authenticated request's valid token is to be rejected, and how (consumes a counted one). */
  takeTokenRejection(path: string): TokenRejectionCode | undefined {
    const counted = take(this.tokenRejections, path);
    if (counted) return counted.code;
    const rate = this.tokenRejectionRate;
    if (rate && path.startsWith(rate.pathPrefix) && unit(this.seed, 0x0a13, this.rolls++) < rate.rate) return rate.code;
    return undefined;
  }

  /** The code to refuse this refresh grant with, if any (consumes one). */
  takeRefreshRefusal(): RefreshRefusalCode | undefined {
    return take(this.refreshRefusals, '')?.code;
  }

  /** Whether this ranged content request answers 416 (consumes one). */
  takeUnsatisfiableRange(path: string): boolean {
    return take(this.unsatisfiableRanges, path) !== undefined;
  }

  /** Whether this JSON response should be malformed (consumes one). */
  takeMalformed(path: string): boolean {
    return take(this.malformed, path) !== undefined;
  }

  /** The kind of broken record for this call-log page, if any (consumes one). */
  takeInvalidRecord(): InvalidRecordKind | undefined {
    return take(this.invalidRecords, '')?.kind;
  }

  /** The hostile kind for this call-log page, if any (consumes one). */
  takeHostileRecord(): HostileRecordKind | undefined {
    return take(this.hostileRecords, '')?.kind;
  }

  /** The hostile kind for this insights body, if any (consumes one). */
  takeHostileInsights(): HostileInsightsKind | undefined {
    return take(this.hostileInsights, '')?.kind;
  }
}

function take<T extends { remaining: number; pathPrefix?: string }>(rules: T[], path: string): T | undefined {
  const index = rules.findIndex((rule) => rule.remaining > 0 && path.startsWith(rule.pathPrefix ?? ''));
  if (index < 0) return undefined;
  const rule = rules[index] as T;
  rule.remaining--;
  if (rule.remaining <= 0) rules.splice(index, 1);
  return rule;
}
