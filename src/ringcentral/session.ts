import type { SDK } from '@ringcentral/sdk';
import { scrubSdkError, statusOf } from './api-errors.js';
import { ApiError, InvalidResponseError, TryAgainLaterError } from './errors.js';
import { tokenInfoSchema } from './schemas/token.js';
import { withTokenFileLock } from './token-file-lock.js';

type Platform = ReturnType<SDK['platform']>;

/** What happened to the session on the last renewal, for diagnostics (`doctor`, verbose logs). */
export type SessionEvent = 'login' | 'refresh' | 'reused-after-other-process-refresh';

export interface SessionKeeperOptions {
  platform: Platform;
  /** The token file the SDK's storage writes to: its lock is what processes sharing it take turns on. */
  tokenFile: string;
  jwt: string;
  /**
   * Renew at most this long before the access token expires (default 60 s, the SDK's own), and never
   * earlier than a tenth of the token's lifetime before: a token of a few seconds is still used.
   */
  renewBeforeMs?: number;
  now?: () => number;
  /** Turns what the SDK threw at a token request into our typed error (AuthError, TryAgainLaterError…), secret-free. */
  typed: (error: unknown, signal: AbortSignal | undefined) => Promise<Error>;
}

interface StoredSession {
  access_token?: string;
  expire_time?: number;
  expires_in?: number | string;
  refresh_token?: string;
  refresh_token_expire_time?: number;
}

/** Without `expires_in` in the stored session, assume RingCentral's usual hour. */
const DEFAULT_LIFETIME_MS = 3_600_000;

/**
 * Keeps one access token valid for every process that shares the token file, with as few token
 * requests as RingCentral allows (docs/design.md, "RingCentral as it really behaves"):
 *
 * - The stored access token is reused until shortly before it expires.
 * - Renewal happens under the token file's lock (token-file-lock.ts). Whoever gets the lock first
 *   renews; everyone after it finds the new token in the file and sends nothing. So at most one
 *   token request per access-token lifetime across all of them, plus one for each token RingCentral
 *   rejects before its time (401 `OAU-213` "Token not found", `OAU-129` "Access token corrupted").
 * - With a refresh token, renewal is a refresh; a refused refresh (400 `invalid_grant`, e.g.
 *   `OAU-210`/`OAU-211`/`OAU-213`: expired, spent or its session ended) falls back to a JWT login.
 *   401 `invalid_client` (`OAU-146`, `OAU-153`) is the app itself being refused: no login is tried.
 * - A new app issues no refresh token unless "Issue refresh tokens" is on in its settings. The SDK
 *   merges each token response into the stored one, so after a login without `refresh_token` it
 *   would keep an earlier session's spent refresh token and try it later; the keeper removes it,
 *   and then renews with a JWT login.
 *
 * The SDK's own renewal (`ensureLoggedIn` before each request) is switched off by the client: it
 * knows no lock, refreshes an hour-long token a fixed minute early whatever its lifetime, and
 * fails with "Refresh token is missing" when there is none.
 */
export class SessionKeeper {
  private lastEvent: SessionEvent | null = null;
  private renewal: Promise<void> | null = null;
  private readonly platform: Platform;
  private readonly renewBeforeMs: number;
  private readonly now: () => number;

  constructor(private readonly options: SessionKeeperOptions) {
    this.platform = options.platform;
    this.renewBeforeMs = options.renewBeforeMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** How the session was last renewed (null: the stored access token was still good). */
  get event(): SessionEvent | null {
    return this.lastEvent;
  }

  /** The access token requests go out with now ('' when there is none). */
  async accessToken(): Promise<string> {
    return (await this.stored()).access_token ?? '';
  }

  /** Whether the last token response carried a refresh token (the app's "Issue refresh tokens" setting). */
  async hasRefreshToken(): Promise<boolean> {
    return Boolean((await this.stored()).refresh_token);
  }

  /** Makes sure a usable access token is stored: reuses it, or renews it under the lock. */
  async ensure(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.isFresh(await this.stored())) return;
    await this.renew({ rejected: null, force: false }, signal);
  }

  /** RingCentral answered 401 to `rejectedToken`: renew unless another process or request already has. */
  async renewRejected(rejectedToken: string, signal?: AbortSignal): Promise<void> {
    await this.renew({ rejected: rejectedToken, force: false }, signal);
  }

  /**
   * Renews even a valid session, to prove the credentials now: a refresh when there is a refresh
   * token (RingCentral grants it only to the right client id and secret, and it opens no new
   * session), otherwise a JWT login. Used by `doctor`.
   */
  async verify(signal?: AbortSignal): Promise<void> {
    await this.renew({ rejected: null, force: true }, signal);
  }

  /**
   * Single-flight within the process: a request that needs a renewal while one is running waits for
   * it (and shares its error), then renews itself only if the result still does not serve it.
   */
  private async renew(reason: RenewalReason, signal: AbortSignal | undefined): Promise<void> {
    while (this.renewal) {
      await this.renewal;
      if (await this.satisfied(reason)) return;
    }
    const running = this.renewUnderLock(reason, signal).finally(() => {
      if (this.renewal === running) this.renewal = null;
    });
    this.renewal = running;
    await running;
  }

  private async satisfied(reason: RenewalReason): Promise<boolean> {
    if (reason.force) return true;
    const data = await this.stored();
    return this.isFresh(data) && data.access_token !== reason.rejected;
  }

  private async renewUnderLock(reason: RenewalReason, signal: AbortSignal | undefined): Promise<void> {
    try {
      await withTokenFileLock(
        this.options.tokenFile,
        async () => {
          const data = await this.stored();
          if (!reason.force && this.isFresh(data) && data.access_token !== reason.rejected) {
            this.lastEvent = 'reused-after-other-process-refresh';
            return;
          }
          if (this.canRefresh(data) && (await this.refresh(signal))) return;
          await this.login(signal);
        },
        { signal },
      );
    } catch (error) {
      if (isTyped(error)) throw error;
      throw await this.options.typed(error, signal);
    }
  }

  /** True when refreshed; false when RingCentral refused the refresh token (then only a login helps). */
  private async refresh(signal: AbortSignal | undefined): Promise<boolean> {
    let response: Response;
    try {
      response = await this.platform.refresh();
    } catch (error) {
      const status = statusOf(error);
      // No answer (network, retry budget spent), or the app itself refused (401 invalid_client):
      // a login would fare no better.
      if (status === null || status === 401 || status >= 500) throw await this.options.typed(error, signal);
      // 400 invalid_grant (OAU-210/211/213) or another refusal of the grant: the refresh token is dead.
      scrubSdkError(error);
      await this.forgetRefreshToken();
      return false;
    }
    await this.keepOnlyIssuedRefreshToken(response);
    this.lastEvent = 'refresh';
    return true;
  }

  private async login(signal: AbortSignal | undefined): Promise<void> {
    let response: Response;
    try {
      response = await this.platform.login({ jwt: this.options.jwt });
    } catch (error) {
      throw await this.options.typed(error, signal);
    }
    const parsed = tokenInfoSchema.safeParse(await response.clone().json().catch(() => null));
    if (!parsed.success) {
      await this.platform.auth().setData({ access_token: '', expire_time: 0, refresh_token: '', refresh_token_expire_time: 0 });
      throw new InvalidResponseError('RingCentral answered the JWT login without a usable token');
    }
    await this.keepOnlyIssuedRefreshToken(response);
    this.lastEvent = 'login';
  }

  /** The SDK keeps the previous refresh token when a token response has none: drop it. */
  private async keepOnlyIssuedRefreshToken(response: Response): Promise<void> {
    const body = (await response.clone().json().catch(() => null)) as { refresh_token?: unknown } | null;
    if (typeof body?.refresh_token === 'string' && body.refresh_token !== '') return;
    await this.forgetRefreshToken();
  }

  private async forgetRefreshToken(): Promise<void> {
    await this.platform.auth().setData({ refresh_token: '', refresh_token_expire_time: 0, refresh_token_expires_in: undefined });
  }

  private isFresh(data: StoredSession): boolean {
    const expireTime = Number(data.expire_time);
    if (!data.access_token || !Number.isFinite(expireTime)) return false;
    const lifetime = Number(data.expires_in);
    const lifetimeMs = Number.isFinite(lifetime) && lifetime > 0 ? lifetime * 1000 : DEFAULT_LIFETIME_MS;
    return expireTime - Math.min(this.renewBeforeMs, lifetimeMs / 10) > this.now();
  }

  private canRefresh(data: StoredSession): boolean {
    return Boolean(data.refresh_token) && Number(data.refresh_token_expire_time) > this.now();
  }

  private async stored(): Promise<StoredSession> {
    return (await this.platform.auth().data()) as StoredSession;
  }
}

interface RenewalReason {
  /** The access token RingCentral just refused (null: the stored one is merely due). */
  rejected: string | null;
  /** Renew even a valid session (doctor proving the credentials). */
  force: boolean;
}

/** Errors already typed (by `typed` inside the lock) pass through unchanged. */
function isTyped(error: unknown): boolean {
  return error instanceof ApiError || error instanceof TryAgainLaterError || error instanceof InvalidResponseError;
}
