import { SDK } from '@ringcentral/sdk';
import type { Config, Credentials } from '../config/config.js';
import { toTypedError, scrubSdkError, statusOf } from './api-errors.js';
import { InvalidResponseError } from './errors.js';
import { alreadyParsedJson, createGovernedFetch } from './governed-fetch.js';
import { RateLimitGovernor, type RateLimitGovernorOptions, type WaitEvent } from './rate-limit-governor.js';
import { redact } from './redact.js';
import { SessionKeeper, type SessionEvent } from './session.js';
import { FileTokenStore, tokenStoreKey } from './token-store.js';

export type { SessionEvent } from './session.js';

export type QueryValue = string | number | boolean | readonly string[] | undefined | null;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

export interface RingCentralClientOptions {
  credentials: Credentials;
  /** The 0600 JSON file the session is kept in between runs (config `tokenFile`). */
  tokenFile: string;
  /** Per attempt; for audio, the longest pause between two chunks. Default 30 s (config `sync.requestTimeoutMs`). */
  requestTimeoutMs?: number;
  /** Default 6 (config `sync.maxRetries`). */
  maxRetries?: number;
  /** Sent in `X-User-Agent` as `recordings/<version>`. */
  appVersion?: string;
  /** A shared governor, or options for this client's own one (clock, sleep, budgets, backoff). */
  governor?: RateLimitGovernor | Omit<RateLimitGovernorOptions, 'maxRetries'>;
  onWait?: (event: WaitEvent) => void;
  /** Renew at most this long before the access token expires (default 60 s; a tenth of a shorter lifetime). */
  refreshHandicapMs?: number;
}

const TOKEN_ENDPOINT = '/restapi/oauth/token';

/**
 * The one door to RingCentral: every request of the product (call log, RingSense, recording
 * content, the token endpoint) goes through the real `@ringcentral/sdk` and, underneath it, the
 * governed fetch (rate limits, retries, timeouts, counting).
 *
 * Session (docs/ringcentral.md, "Auth and tokens"): tokens live in the token file and are reused
 * across runs and processes; SessionKeeper (session.ts) decides when to renew and how (refresh, or a
 * JWT login when there is no refresh token or RingCentral refused it), under a lock shared by every
 * process using the file. A request
 * answered 401 (`OAU-213` "Token not found", `OAU-129` "Access token corrupted", an expired token)
 * renews the session once and is sent again. The client never logs out: the session is kept for the
 * next run (logging in on every run would exhaust the Auth group's 5 logins a minute and the ~5
 * parallel sessions RingCentral allows per user).
 *
 * The SDK's own session handling is switched off: its renewal before each request (SessionKeeper
 * renews instead) and its retry of 401 and 429 (the governor handles 429 and `get` handles 401), so
 * the SDK never re-sends a refused login nor refreshes with `access_token_ttl=-1` after a 401
 * (docs/ringcentral.md, "The JavaScript SDK").
 */
export class RingCentralClient {
  readonly governor: RateLimitGovernor;
  readonly server: string;
  private readonly sdk: SDK;
  private readonly secrets: () => string[];
  private requests = 0;
  private readonly session: SessionKeeper;

  constructor(options: RingCentralClientOptions) {
    const { credentials } = options;
    this.server = credentials.server.replace(/\/+$/, '');
    this.governor =
      options.governor instanceof RateLimitGovernor
        ? options.governor
        : new RateLimitGovernor({ ...options.governor, maxRetries: options.maxRetries ?? 6 });
    if (options.onWait) this.governor.onWait(options.onWait);
    const store = new FileTokenStore(options.tokenFile, tokenStoreKey({ ...credentials, server: this.server }));
    const governedFetch = createGovernedFetch({
      governor: this.governor,
      timeoutMs: options.requestTimeoutMs ?? 30_000,
      onAttempt: () => {
        this.requests++;
      },
    });
    this.sdk = new SDK({
      server: this.server,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      appName: 'recordings',
      appVersion: options.appVersion ?? 'dev',
      // Node's own fetch (undici) instead of the SDK's node-fetch v2: AbortSignal timeouts and
      // WHATWG streams behave the same for JSON and audio (docs/ringcentral.md, "The JavaScript SDK").
      fetch: governedFetch as unknown as typeof fetch,
      Request: globalThis.Request,
      Response: globalThis.Response,
      Headers: globalThis.Headers,
      localStorage: store as unknown as NonNullable<ConstructorParameters<typeof SDK>[0]>['localStorage'],
      // Keep the stored pair when a refresh fails: it may be another process's fresh one.
      clearCacheOnRefreshError: false,
      refreshDelayMs: 0,
    });
    const platform = this.sdk.platform();
    // Switch off the SDK's retry of 401 and 429 for every request, the token endpoint included: it
    // would re-send a refused JWT login, and refresh with `access_token_ttl=-1`
    // (docs/ringcentral.md, "The JavaScript SDK"). The governor handles 429 and `get` handles 401.
    // `retry` is the SDK's own "already retried" flag.
    const sendRequest = platform.sendRequest.bind(platform);
    platform.sendRequest = (request, sendOptions = {}) => sendRequest(request, { ...sendOptions, retry: true });
    // The SDK's renewal before each request: SessionKeeper renews instead (the SDK's way switched off
    // as its README shows).
    platform.ensureLoggedIn = async () => null;
    this.session = new SessionKeeper({
      platform,
      tokenFile: options.tokenFile,
      jwt: credentials.jwt,
      renewBeforeMs: options.refreshHandicapMs ?? 60_000,
      typed: (error, signal) => this.typed(error, TOKEN_ENDPOINT, signal),
    });
    this.secrets = () => {
      const data = store.getItem('rc-platform');
      const tokens: string[] = [];
      if (data) {
        try {
          const parsed = JSON.parse(data) as { access_token?: string; refresh_token?: string };
          if (parsed.access_token) tokens.push(parsed.access_token);
          if (parsed.refresh_token) tokens.push(parsed.refresh_token);
        } catch {
          // An unreadable entry holds no token to hide.
        }
      }
      return [credentials.clientSecret, credentials.jwt, ...tokens, platform.basicAuthHeader().slice('Basic '.length)];
    };
  }

  /** Requests put on the wire so far, retries and token requests included (`apiRequests` of a sync). */
  get requestCount(): number {
    return this.requests;
  }

  /** How the session was last renewed (null: the stored access token was still good). */
  get sessionEvent(): SessionEvent | null {
    return this.session.event;
  }

  /**
   * Makes sure a usable access token is stored: reuses it, or renews it (a refresh, or a JWT login).
   * Requests do this by themselves; `doctor` calls it to check the credentials.
   */
  async ensureSession(signal?: AbortSignal): Promise<void> {
    await this.session.ensure(signal);
  }

  /**
   * Proves the client id and secret now: a stored session would otherwise let a wrong secret pass
   * until it has to be renewed (the token file is keyed by server, client id and JWT, not the
   * secret). With a refresh token this is a refresh, which RingCentral grants only to the right
   * client and which opens no new session; without one, a JWT login. Used by `doctor`.
   */
  async verifyCredentials(signal?: AbortSignal): Promise<void> {
    await this.session.verify(signal);
  }

  /**
   * Whether RingCentral issued a refresh token with the current session: a new app issues none
   * unless "Issue refresh tokens" is on in its settings, and then every renewal is a JWT login.
   */
  async refreshTokensIssued(): Promise<boolean> {
    return this.session.hasRefreshToken();
  }

  /** The scopes (app permissions) the current session was granted, from the token response. */
  async grantedScopes(): Promise<string[]> {
    const scope = (await this.sdk.platform().auth().data()).scope;
    return typeof scope === 'string' && scope.trim() ? scope.trim().split(/\s+/) : [];
  }

  /**
   * GET with the session's Bearer header. `pathOrUrl` is a path on the server or an absolute URL
   * RingCentral handed out (a `nextPage`, a `contentUri`); the token is only ever sent to the
   * configured server or to https://*.ringcentral.com. Resolves with a 2xx or 3xx response; every
   * failure is a typed error (AuthError, ApiError, TryAgainLaterError, InvalidResponseError) or the
   * caller's own abort.
   */
  async get(pathOrUrl: string, options: RequestOptions = {}): Promise<Response> {
    const url = this.checkedUrl(pathOrUrl);
    await this.session.ensure(options.signal);
    const usedToken = await this.session.accessToken();
    try {
      return await this.send(url, options);
    } catch (error) {
      if (statusOf(error) !== 401) throw await this.typed(error, url, options.signal);
      scrubSdkError(error);
    }
    // 401 (OAU-213, OAU-129, an expired token): renew once, unless another request or process
    // already has, and send it again. A second 401 is an AuthError.
    await this.session.renewRejected(usedToken, options.signal);
    try {
      return await this.send(url, options);
    } catch (error) {
      throw await this.typed(error, url, options.signal);
    }
  }

  /** GET and parse JSON; invalid JSON is an InvalidResponseError. */
  async getJson(pathOrUrl: string, options: RequestOptions = {}): Promise<unknown> {
    const response = await this.get(pathOrUrl, options);
    const parsed = alreadyParsedJson(response);
    if (parsed) return parsed.value;
    const text = await response.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new InvalidResponseError(`RingCentral sent invalid JSON for GET ${describePath(pathOrUrl)} (HTTP ${response.status})`);
    }
  }

  /**
   * A URL carrying the access token as `access_token=` (SDK `signUrl`), for handing a recording to
   * a player (`stream --url`). Valid only as long as the access token (at most an hour).
   */
  async signUrl(pathOrUrl: string): Promise<string> {
    const url = this.checkedUrl(pathOrUrl);
    await this.session.ensure();
    const absolute = /^https?:\/\//i.test(url) ? url : `${this.server}${url}`;
    return this.sdk.platform().signUrl(absolute);
  }

  /** Removes any secret of this client from a text (for messages built by callers). */
  redact(text: string): string {
    return redact(text, this.secrets());
  }

  private async send(url: string, options: RequestOptions): Promise<Response> {
    const sendOptions = {
      method: 'GET',
      url,
      query: cleanQuery(options.query),
      headers: options.headers,
      signal: options.signal,
    };
    return this.sdk.platform().send(sendOptions as Parameters<ReturnType<SDK['platform']>['send']>[0]);
  }

  private async typed(error: unknown, url: string, signal: AbortSignal | undefined): Promise<Error> {
    if (signal?.aborted) {
      scrubSdkError(error);
      return signal.reason instanceof Error ? signal.reason : (error as Error);
    }
    return toTypedError(error, {
      path: describePath(url),
      tokenEndpoint: describePath(url) === TOKEN_ENDPOINT,
      redact: (text) => this.redact(text),
    });
  }

  /**
   * Whether the session's token may be sent to this absolute URL: the configured server's origin,
   * or https on ringcentral.com (the media host of `contentUri`, docs/ringcentral.md, "Recording content").
   */
  isTrustedUrl(absoluteUrl: string): boolean {
    let url: URL;
    try {
      url = new URL(absoluteUrl);
    } catch {
      return false;
    }
    if (url.origin === new URL(this.server).origin) return true;
    return url.protocol === 'https:' && (url.hostname === 'ringcentral.com' || url.hostname.endsWith('.ringcentral.com'));
  }

  private checkedUrl(pathOrUrl: string): string {
    if (!/^https?:\/\//i.test(pathOrUrl)) return pathOrUrl.startsWith('/') ? pathOrUrl : `/${pathOrUrl}`;
    if (!this.isTrustedUrl(pathOrUrl)) {
      throw new InvalidResponseError(
        `refusing to send the RingCentral token to ${hostOf(pathOrUrl)}, which is neither the configured server nor ringcentral.com`,
      );
    }
    return pathOrUrl;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an unparsable URL';
  }
}

/** `undefined`/`null` would be sent as `key=` by the SDK (docs/ringcentral.md, "The JavaScript SDK"): leave them out. */
export function cleanQuery(query: Record<string, QueryValue> | undefined): Record<string, string | string[]> | undefined {
  if (!query) return undefined;
  const clean: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    clean[key] = Array.isArray(value) ? [...(value as readonly string[])] : String(value);
  }
  return Object.keys(clean).length > 0 ? clean : undefined;
}

/** The path of a URL without its query, for messages (a query could carry anything). */
export function describePath(pathOrUrl: string): string {
  try {
    return new URL(pathOrUrl, 'http://relative.invalid').pathname;
  } catch {
    return pathOrUrl.split('?')[0] ?? pathOrUrl;
  }
}

/** The client options a command gets from its configuration (`tokenFile`, `sync.requestTimeoutMs`, `sync.maxRetries`). */
export function clientOptionsFromConfig(
  config: Pick<Config, 'tokenFile' | 'sync'>,
  credentials: Credentials,
  extra: Partial<RingCentralClientOptions> = {},
): RingCentralClientOptions {
  return {
    credentials,
    tokenFile: config.tokenFile,
    requestTimeoutMs: config.sync.requestTimeoutMs,
    maxRetries: config.sync.maxRetries,
    ...extra,
  };
}
