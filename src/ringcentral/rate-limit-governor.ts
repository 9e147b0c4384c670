import { TryAgainLaterError } from './errors.js';
import { DEFAULT_BUDGETS, type RateLimitBudget, type RateLimitGroup } from './rate-limit-groups.js';
import { readRateLimitHeaders, retryAfterMs } from './retry-after.js';
import { classifyTransientError, formatSeconds, type TransientFailure } from './transient-errors.js';

/** What the governor needs to see of a response. */
export interface GovernedResponse {
  status: number;
  headers: { get(name: string): string | null };
}

export type WaitReason = 'pacing' | 'rate-limited' | 'backoff';

export interface WaitEvent {
  group: RateLimitGroup;
  ms: number;
  reason: WaitReason;
  /** Secret-free, e.g. `HTTP 503`, `ECONNRESET`, `HTTP 429, Retry-After 42 s`, `9 requests per 60 s`. */
  detail: string;
}

export interface RateLimitGovernorOptions {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1); the jitter source. */
  random?: () => number;
  /** Further attempts after the first failure (429, 5xx, timeout, dropped connection). Default 6. */
  maxRetries?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Wait after a 429 without `Retry-After`: RingCentral's penalty is 60 s (docs/ringcentral.md, "Rate limits"), so default 60 s. */
  defaultRetryAfterMs?: number;
  /** The longest `Retry-After` of a 503 that is waited out; beyond it the request gives up at once (TryAgainLaterError). Default 5 min. */
  maxServerWaitMs?: number;
  /** Budgets to start from (default: RingCentral's documented ones, docs/ringcentral.md, "Rate limits"). */
  budgets?: Partial<Record<RateLimitGroup, RateLimitBudget>>;
  /** Share of a budget left unused for other clients of the same user and app. Default 0.1 (at least one request). */
  headroom?: number;
  /** Adopt the budget the `X-Rate-Limit-*` headers announce. Default true. */
  learnFromHeaders?: boolean;
  classifyError?: (error: unknown) => TransientFailure | null;
  onWait?: (event: WaitEvent) => void;
}

interface Observation {
  remaining: number;
  at: number;
  windowMs: number;
  /** Requests sent since (or in flight at) the observation: the server's `Remaining` did not count them. */
  sentSince: number;
}

interface GroupState {
  budget: RateLimitBudget;
  /** Headers announced this group's budget. */
  learned: boolean;
  /** A successful response came without any rate-limit header before one ever carried them. */
  unlimited: boolean;
  sends: number[];
  inFlight: number;
  blockedUntil: number;
  blockReason: WaitReason;
  blockDetail: string;
  observation: Observation | null;
}

/**
 * One instance paces every request of a process, per rate-limit group (docs/ringcentral.md, "Rate limits").
 *
 * Pacing starts from the documented budgets and switches to what the server announces as soon as
 * the first response of a group arrives: `X-Rate-Limit-Limit/-Window` replace the budget, and
 * `X-Rate-Limit-Remaining` reaching zero (minus the requests still in flight) holds the group for
 * a window. A group whose first successful response carries no rate-limit header at all is taken
 * as unlimited (the simulator with rate limits off, a server without user-level limits): no pacing
 * beyond what the server says, while 429s are still honoured. The first requests of a run never
 * wait, because the documented budget allows several before any response is back.
 *
 * After a 429 the whole group is held for `Retry-After` (default 60 s) and nothing is sent in it
 * meanwhile, because each request during the penalty restarts it (docs/ringcentral.md, "Rate limits").
 */
export class RateLimitGovernor {
  private readonly groups = new Map<RateLimitGroup, GroupState>();
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly maxRetries: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly defaultRetryAfterMs: number;
  private readonly maxServerWaitMs: number;
  private readonly headroom: number;
  private readonly learnFromHeaders: boolean;
  private readonly classifyError: (error: unknown) => TransientFailure | null;
  private readonly budgets: Partial<Record<RateLimitGroup, RateLimitBudget>>;
  private readonly listeners: ((event: WaitEvent) => void)[] = [];

  constructor(options: RateLimitGovernorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    this.maxRetries = options.maxRetries ?? 6;
    this.baseBackoffMs = options.baseBackoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.defaultRetryAfterMs = options.defaultRetryAfterMs ?? 60_000;
    this.maxServerWaitMs = options.maxServerWaitMs ?? 300_000;
    this.headroom = options.headroom ?? 0.1;
    this.learnFromHeaders = options.learnFromHeaders ?? true;
    this.classifyError = options.classifyError ?? classifyTransientError;
    this.budgets = options.budgets ?? {};
    if (options.onWait) this.listeners.push(options.onWait);
  }

  /** Subscribes to waits (pacing, rate-limit penalties, backoff); returns the unsubscribe function. */
  onWait(listener: (event: WaitEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** The budget currently used for a group, and whether the server announced it. */
  budgetOf(group: RateLimitGroup): { budget: RateLimitBudget; learned: boolean; unlimited: boolean } {
    const state = this.state(group);
    return { budget: { ...state.budget }, learned: state.learned, unlimited: state.unlimited };
  }

  /**
   * Sends through `send` when the group may, retrying 429, 5xx, timeouts and dropped connections.
   * Resolves with the first response that is neither (2xx, 3xx, other 4xx); throws
   * TryAgainLaterError once the retry budget is spent. An abort of `signal` ends at once.
   */
  async run<R extends GovernedResponse>(
    group: RateLimitGroup,
    send: () => Promise<R>,
    options: { signal?: AbortSignal | undefined; discard?: (response: R) => Promise<void> } = {},
  ): Promise<R> {
    const { signal } = options;
    let failures = 0;
    for (;;) {
      await this.waitForTurn(group, signal);
      const state = this.state(group);
      state.inFlight++;
      let response: R;
      try {
        response = await send();
      } catch (error) {
        state.inFlight--;
        if (signal?.aborted) throw error;
        const failure = this.classifyError(error);
        if (!failure) throw error;
        failures++;
        if (failures > this.maxRetries) {
          if (failure.finalError) throw failure.finalError;
          const what = failure.kind === 'timeout' ? `RingCentral gave ${failure.detail}` : `Could not reach RingCentral (${failure.detail})`;
          throw giveUp(group, what, failures);
        }
        await this.backoff(group, failures, failure.detail, null, signal);
        continue;
      }
      state.inFlight--;
      this.observe(group, response);
      if (response.status === 429) {
        failures++;
        await options.discard?.(response);
        const serverWaitMs = retryAfterMs(response.headers.get('retry-after'), this.now());
        const waitMs = serverWaitMs ?? this.defaultRetryAfterMs;
        const until = this.now() + waitMs;
        const detail = serverWaitMs === null ? 'HTTP 429 without Retry-After' : `HTTP 429, Retry-After ${formatSeconds(waitMs)}`;
        this.hold(state, until, 'rate-limited', detail);
        state.observation = null;
        if (failures > this.maxRetries) {
          throw new TryAgainLaterError(`RingCentral stayed rate-limited (${group}) past the retry budget; try again later`);
        }
        continue;
      }
      if (isRetryableStatus(response.status)) {
        failures++;
        await options.discard?.(response);
        if (failures > this.maxRetries) {
          throw giveUp(group, `RingCentral kept answering HTTP ${response.status}`, failures);
        }
        const serverWait = response.status === 503 ? retryAfterMs(response.headers.get('retry-after'), this.now()) : null;
        if (serverWait !== null) {
          // 503 with Retry-After (CMN-201 "Service Temporary Unavailable"): the whole group waits as
          // asked, like after a 429, so requests running beside this one do not meet the same 503.
          // A wait longer than a cron run should take is left to the next run.
          if (serverWait > this.maxServerWaitMs) {
            throw new TryAgainLaterError(`RingCentral is unavailable (HTTP 503) and asked to wait ${formatSeconds(serverWait)} (${group}); try again later`);
          }
          this.hold(state, this.now() + serverWait, 'backoff', `HTTP 503, Retry-After ${formatSeconds(serverWait)}`);
          continue;
        }
        await this.backoff(group, failures, `HTTP ${response.status}`, null, signal);
        continue;
      }
      return response;
    }
  }

  /** Nothing is sent in the group before `until`. */
  private hold(state: GroupState, until: number, reason: WaitReason, detail: string): void {
    if (until <= state.blockedUntil) return;
    state.blockedUntil = until;
    state.blockReason = reason;
    state.blockDetail = detail;
  }

  private async waitForTurn(group: RateLimitGroup, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const delay = this.delayBeforeSend(group);
      if (delay === null) {
        this.recordSend(group);
        return;
      }
      this.emit({ group, ...delay });
      await this.sleep(delay.ms, signal);
    }
  }

  private delayBeforeSend(group: RateLimitGroup): Omit<WaitEvent, 'group'> | null {
    const state = this.state(group);
    const now = this.now();
    if (now < state.blockedUntil) return { ms: state.blockedUntil - now, reason: state.blockReason, detail: state.blockDetail };
    const seen = state.observation;
    if (seen) {
      const windowEnd = seen.at + seen.windowMs;
      if (now >= windowEnd) state.observation = null;
      else if (seen.remaining - seen.sentSince <= 0) {
        return { ms: windowEnd - now, reason: 'pacing', detail: 'X-Rate-Limit-Remaining reached 0' };
      }
    }
    if (state.unlimited) return null;
    const { limit, windowMs } = state.budget;
    prune(state.sends, now - windowMs);
    const allowed = this.paceLimit(limit);
    const oldest = state.sends[0];
    if (state.sends.length >= allowed && oldest !== undefined) {
      const requests = allowed === 1 ? '1 request' : `${allowed} requests`;
      return { ms: Math.max(1, oldest + windowMs - now), reason: 'pacing', detail: `${requests} per ${formatSeconds(windowMs)}` };
    }
    return null;
  }

  private recordSend(group: RateLimitGroup): void {
    const state = this.state(group);
    if (!state.unlimited) state.sends.push(this.now());
    if (state.observation) state.observation.sentSince++;
  }

  private observe(group: RateLimitGroup, response: GovernedResponse): void {
    if (!this.learnFromHeaders) return;
    const state = this.state(group);
    const headers = readRateLimitHeaders(response.headers);
    if (headers.limit !== null && headers.limit > 0 && headers.windowMs !== null && headers.windowMs > 0) {
      state.budget = { limit: headers.limit, windowMs: headers.windowMs };
      state.learned = true;
      state.unlimited = false;
    } else if (!state.learned && headers.limit === null && headers.remaining === null && isSuccess(response.status)) {
      state.unlimited = true;
      state.sends.length = 0;
    }
    if (headers.remaining !== null) {
      state.observation = {
        remaining: headers.remaining,
        at: this.now(),
        windowMs: headers.windowMs ?? state.budget.windowMs,
        sentSince: state.inFlight,
      };
    }
  }

  private async backoff(
    group: RateLimitGroup,
    failures: number,
    detail: string,
    serverWaitMs: number | null,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const ceiling = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (failures - 1));
    const ms = serverWaitMs ?? Math.floor(this.random() * ceiling);
    this.emit({ group, ms, reason: 'backoff', detail });
    if (ms > 0) await this.sleep(ms, signal);
  }

  private paceLimit(limit: number): number {
    if (limit <= 2 || this.headroom <= 0) return Math.max(1, limit);
    return Math.max(1, limit - Math.max(1, Math.round(limit * this.headroom)));
  }

  private emit(event: WaitEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private state(group: RateLimitGroup): GroupState {
    let state = this.groups.get(group);
    if (!state) {
      state = {
        budget: { ...(this.budgets[group] ?? DEFAULT_BUDGETS[group]) },
        learned: false,
        unlimited: false,
        sends: [],
        inFlight: 0,
        blockedUntil: 0,
        blockReason: 'rate-limited',
        blockDetail: '',
        observation: null,
      };
      this.groups.set(group, state);
    }
    return state;
  }
}

function giveUp(group: RateLimitGroup, what: string, attempts: number): TryAgainLaterError {
  return new TryAgainLaterError(`${what} (${group}) after ${attempts} attempts; try again later`);
}

/** 5xx except 501/505, which no retry will change. */
function isRetryableStatus(status: number): boolean {
  return status >= 500 && status <= 599 && status !== 501 && status !== 505;
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function prune(sends: number[], before: number): void {
  let drop = 0;
  while (drop < sends.length && (sends[drop] ?? 0) <= before) drop++;
  if (drop > 0) sends.splice(0, drop);
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
