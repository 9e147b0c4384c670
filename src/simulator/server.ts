import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Account } from './account.js';
import { FaultController } from './faults.js';
import { ACCOUNT_ID, OWNER_EXTENSION_ID } from './generator/people.js';
import { handleCallLogList, handleCallLogRecord } from './http/call-log.js';
import { handlePermissionCheck } from './http/authz.js';
import type { RingSenseBehaviour, SimulatorCore } from './http/core.js';
import {
  AUTH_HEADER_MISSING,
  type ClientRefusalCode,
  NO_SUCH_ROUTE,
  RATE_EXCEEDED,
  serverError,
  tokenCorrupted,
  tokenExpired,
  tokenInvalid,
} from './http/error-bodies.js';
import { Exchange } from './http/exchange.js';
import { handleRevoke, handleToken } from './http/oauth.js';
import { handleRecordingContent, handleRecordingMetadata } from './http/recordings.js';
import { handleRecordingInsights } from './http/ringsense.js';
import { type SimulatorCredentials, type SimulatorOptions, resolveOptions } from './options.js';
import { RateLimiter, type RateLimitGroup } from './rate-limits.js';
import { Throttle, type ThrottleRule } from './throttle.js';
import { TokenStore } from './tokens.js';

export interface RequestLogEntry {
  method: string;
  /** The path without the query. */
  path: string;
  /** Query parameters; repeated keys give arrays; an `access_token` value is replaced by "[redacted]". */
  query: Record<string, string | string[]>;
  /** The status sent, or 0 when the connection was dropped before any. */
  status: number;
  /** RingCentral's `errorCode` of an error answer (e.g. `OAU-213`, `CMN-201`), else null. */
  errorCode: string | null;
  /** For the token endpoint: `jwt` (a login), `refresh_token` (a refresh) or whatever else was sent. */
  grantType?: string;
  group: RateLimitGroup | null;
  /** Simulator clock (ms) when the request arrived. */
  at: number;
}

export interface SimulatorStats {
  logins: number;
  refreshes: number;
  revokes: number;
  /** Sessions whose refresh token still works (RingCentral allows ~5 per app and user). */
  liveSessions: number;
}

export interface Simulator {
  /** e.g. http://127.0.0.1:PORT (no trailing slash); use as the SDK's `server`. */
  readonly url: string;
  readonly credentials: SimulatorCredentials;
  /** Every request received, oldest first (bounded by `requestLogLimit`). */
  readonly requests: RequestLogEntry[];
  readonly faults: FaultController;
  /** Ground truth: the generated account behind every response. */
  readonly account: Account;
  stats(): SimulatorStats;
  /** Every issued access token expires now (the next API call gets 401; the SDK then refreshes). */
  expireAccessTokens(): void;
  /** Every refresh token expires now (refreshing fails with 400 invalid_grant; only a new JWT login helps). */
  expireRefreshTokens(): void;
  /** The recording's content answers 404 from now on (RingCentral's 90-day retention). */
  purgeRecording(recordingId: string): void;
  /** Call `callIndex`'s recordings stay off the call log until `atMs` (simulator clock), then appear with a new lastModifiedTime. */
  attachRecordingLater(callIndex: number, atMs: number): void;
  /** Call `callIndex`'s lastModifiedTime moves to `atMs` (default: now). */
  touchCall(callIndex: number, atMs?: number): void;
  /**
   * Changes how RingSense answers from now on: `scope: false` → 403 CMN-401 (and new tokens lack the
   * scope), `userPermission: false` → 403 RAH-3005, `routeMoved: true` → 404 AGW-404.
   */
  setRingSense(behaviour: Partial<RingSenseBehaviour>): void;
  /** Assigns or removes an extension's AI Conversation Expert licence for calls that start from now on. */
  setExtensionLicensed(extensionId: number, licensed: boolean): void;
  /** The app's "Issue refresh tokens" setting: false → logins and refreshes from now on return no refresh token. */
  setIssueRefreshTokens(issue: boolean): void;
  /** Every token request answers 401 invalid_client with `code` from now on; null lets the app in again. */
  refuseClient(code: ClientRefusalCode | null): void;
  /** RingSense's own throttle from now on (429 with Retry-After beyond it); null removes it. */
  throttleRingSense(rule: ThrottleRule | null): void;
  /** The recording's content answers 404 until `untilMs` (simulator clock): not on the media host yet. */
  delayContent(recordingId: string, untilMs: number): void;
  /**
   * true → content of the extension's recordings answers 403 CMN-408 from now on (the user lacks
   * ReadCompanyCallRecording for it); false gives the permission back.
   */
  setContentForbidden(extensionId: string, forbidden: boolean): void;
  /** Closes the server and every open connection. */
  stop(): Promise<void>;
}

interface Route {
  method: string;
  pattern: RegExp;
  group: RateLimitGroup;
  auth: 'none' | 'bearer' | 'bearer-or-query';
  handle: (core: SimulatorCore, ex: Exchange, params: string[], form: URLSearchParams) => void;
}

const ACCOUNT = `(?:~|${ACCOUNT_ID})`;
const EXTENSION = `(?:~|${OWNER_EXTENSION_ID})`;
const ROUTES: Route[] = [
  { method: 'POST', pattern: /^\/restapi\/oauth\/token$/, group: 'Auth', auth: 'none', handle: (c, ex, _, form) => handleToken(c, ex, form) },
  { method: 'POST', pattern: /^\/restapi\/oauth\/revoke$/, group: 'Auth', auth: 'none', handle: (c, ex, _, form) => handleRevoke(c, ex, form) },
  // The simulated user is the company's operator: the extension-level call log holds every call too.
  { method: 'GET', pattern: new RegExp(`^/restapi/v1\\.0/account/${ACCOUNT}(?:/extension/${EXTENSION})?/call-log$`), group: 'Heavy', auth: 'bearer', handle: (c, ex) => handleCallLogList(c, ex) },
  {
    method: 'GET',
    pattern: new RegExp(`^/restapi/v1\\.0/account/${ACCOUNT}(?:/extension/${EXTENSION})?/call-log/([A-Za-z0-9]+)$`),
    group: 'Heavy',
    auth: 'bearer',
    handle: (c, ex, p) => handleCallLogRecord(c, ex, p.at(-1) ?? ''),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/restapi/v1\\.0/account/${ACCOUNT}/extension/${EXTENSION}/authz-profile/check$`),
    group: 'Light',
    auth: 'bearer',
    handle: (c, ex) => handlePermissionCheck(c, ex),
  },
  { method: 'GET', pattern: new RegExp(`^/restapi/v1\\.0/account/${ACCOUNT}/recording/(\\d+)$`), group: 'Heavy', auth: 'bearer', handle: (c, ex, p) => handleRecordingMetadata(c, ex, p[1] ?? '') },
  // Media accepts the token as `access_token` query parameter too (docs/ringcentral.md, "Auth and tokens").
  {
    method: 'GET',
    pattern: new RegExp(`^/restapi/v1\\.0/account/${ACCOUNT}/recording/([^/]+)/content$`),
    group: 'Heavy',
    auth: 'bearer-or-query',
    handle: (c, ex, p) => handleRecordingContent(c, ex, p[1] ?? ''),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/ai/ringsense/v1/public/accounts/${ACCOUNT}/domains/([^/]+)/records/([^/]+)/insights$`),
    group: 'Light',
    auth: 'bearer',
    handle: (c, ex, p) => handleRecordingInsights(c, ex, decodeURIComponent(p[1] ?? ''), decodeURIComponent(p[2] ?? '')),
  },
];

/** Starts the simulator on 127.0.0.1 and resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const resolved = resolveOptions(options);
  const server = createServer();
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const now = resolved.now;
  const account = new Account({
    seed: resolved.seed,
    calls: resolved.calls,
    days: resolved.days,
    anchorMs: now(),
    now,
    live: resolved.live,
    baseUrl: url,
    insightsDelaySeconds: resolved.insightsDelaySeconds,
    insightsCoverage: resolved.insightsCoverage,
    longCallShare: resolved.longCallShare,
    unlicensedExtensions: resolved.unlicensedExtensions,
    unlicensedShare: resolved.unlicensedShare,
    twoStageShare: resolved.twoStageShare,
    fullAnalysisDelaySeconds: resolved.fullAnalysisDelaySeconds,
    audioFormat: resolved.audioFormat,
    contentDelay: resolved.contentDelay,
  });
  const core: SimulatorCore = {
    options: resolved,
    account,
    tokens: new TokenStore(),
    faults: new FaultController(resolved.seed, resolved.faults),
    now,
    ringSense: { scope: resolved.ringSenseScope, userPermission: resolved.ringSenseUserPermission, routeMoved: resolved.ringSenseRouteMoved },
    issueRefreshTokens: resolved.issueRefreshTokens,
    clientRefusal: resolved.clientRefusal,
    ringSenseThrottle: resolved.ringSenseThrottle ? new Throttle(resolved.ringSenseThrottle) : null,
    contentForbiddenExtensions: new Set(resolved.contentForbiddenExtensions),
  };
  const limiter = new RateLimiter(resolved.rateLimits);
  const requests: RequestLogEntry[] = [];
  const log = (entry: RequestLogEntry) => {
    requests.push(entry);
    if (requests.length > resolved.requestLogLimit) requests.splice(0, Math.ceil(resolved.requestLogLimit / 2));
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(core, limiter, url, req, res, log).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=UTF-8' });
        res.end(JSON.stringify(serverError(500)));
      } else {
        res.destroy();
      }
      process.emitWarning(`simulator: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  return {
    url,
    credentials: resolved.credentials,
    requests,
    faults: core.faults,
    account,
    stats: () => ({ logins: core.tokens.logins, refreshes: core.tokens.refreshes, revokes: core.tokens.revokes, liveSessions: core.tokens.liveSessions(now()) }),
    expireAccessTokens: () => core.tokens.expireAccessTokens(now()),
    expireRefreshTokens: () => core.tokens.expireRefreshTokens(now()),
    purgeRecording: (id) => account.purgeRecording(id),
    attachRecordingLater: (index, atMs) => account.attachRecordingLater(index, atMs),
    touchCall: (index, atMs) => account.touchCall(index, atMs),
    setRingSense: (behaviour) => {
      Object.assign(core.ringSense, behaviour);
    },
    setExtensionLicensed: (extensionId, licensed) => account.setExtensionLicensed(extensionId, licensed),
    setIssueRefreshTokens: (issue) => {
      core.issueRefreshTokens = issue;
    },
    refuseClient: (code) => {
      core.clientRefusal = code;
    },
    throttleRingSense: (rule) => {
      core.ringSenseThrottle = rule ? new Throttle(rule) : null;
    },
    delayContent: (id, untilMs) => account.delayContent(id, untilMs),
    setContentForbidden: (extensionId, forbidden) => {
      if (forbidden) core.contentForbiddenExtensions.add(extensionId);
      else core.contentForbiddenExtensions.delete(extensionId);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  core: SimulatorCore,
  limiter: RateLimiter,
  baseUrl: string,
  req: IncomingMessage,
  res: ServerResponse,
  log: (entry: RequestLogEntry) => void,
): Promise<void> {
  const at = core.now();
  const url = new URL(req.url ?? '/', baseUrl);
  const method = req.method ?? 'GET';
  const decision = core.faults.decide(url.pathname);
  const ex = new Exchange(req, res, url, baseUrl, decision.drop, () => core.faults.takeMalformed(url.pathname));
  let grantType: string | undefined;
  res.once('close', () =>
    log({ method, path: url.pathname, query: queryOf(url), status: ex.status, errorCode: ex.errorCode, group: ex.group, at, ...(grantType ? { grantType } : {}) }),
  );

  // A moved RingSense route is one the gateway no longer knows.
  const moved = core.ringSense.routeMoved && url.pathname.startsWith('/ai/ringsense/');
  const match = moved ? null : matchRoute(method, url.pathname);
  ex.group = match?.route.group ?? null;
  const form = method === 'POST' ? new URLSearchParams(await readBody(req)) : new URLSearchParams();
  if (url.pathname === TOKEN_PATH) grantType = grantTypeOf(form);

  if (decision.drop === 'before-headers') {
    res.destroy();
    return;
  }
  if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs).unref());
  if (res.destroyed) return;
  if (decision.fail) {
    const retry = decision.fail.retryAfterSeconds;
    const body = decision.fail.status === 429 ? RATE_EXCEEDED() : serverError(decision.fail.status);
    ex.json(decision.fail.status, body, retry !== undefined ? { 'Retry-After': String(retry) } : {});
    return;
  }
  if (!match) {
    ex.json(404, NO_SUCH_ROUTE());
    return;
  }
  const { route, params } = match;
  if (route.auth !== 'none') {
    const authError = checkToken(core, req, url, route.auth === 'bearer-or-query');
    if (authError) {
      ex.json(401, authError);
      return;
    }
  }
  const verdict = limiter.check(route.group, core.now());
  Object.assign(ex.headers, verdict.headers);
  if (!verdict.allowed) {
    ex.json(429, RATE_EXCEEDED(), { 'Retry-After': String(verdict.retryAfterSeconds ?? 60) });
    return;
  }
  if (core.ringSenseThrottle && url.pathname.startsWith('/ai/ringsense/')) {
    const admitted = core.ringSenseThrottle.admit(core.now());
    if (!admitted.allowed) {
      ex.json(429, RATE_EXCEEDED(), { 'Retry-After': String(admitted.retryAfterSeconds) });
      return;
    }
  }
  route.handle(core, ex, params, form);
}

const TOKEN_PATH = '/restapi/oauth/token';
const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function grantTypeOf(form: URLSearchParams): string {
  const grant = form.get('grant_type') ?? '(none)';
  return grant === JWT_GRANT ? 'jwt' : grant;
}

function matchRoute(method: string, path: string): { route: Route; params: string[] } | null {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const found = route.pattern.exec(path);
    if (found) return { route, params: [...found] };
  }
  return null;
}

function checkToken(core: SimulatorCore, req: IncomingMessage, url: URL, queryAllowed: boolean) {
  const header = req.headers.authorization;
  const fromHeader = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  const token = fromHeader ?? (queryAllowed ? (url.searchParams.get('access_token') ?? undefined) : undefined);
  if (!token) return AUTH_HEADER_MISSING();
  const now = core.now();
  const result = core.tokens.check(token, now);
  if (result.ok) {
    // A valid token RingCentral stops accepting anyway (fault injection): its session rotated out, or corrupted.
    const rejection = core.faults.takeTokenRejection(url.pathname);
    if (!rejection) return null;
    core.tokens.reject(token, now, rejection === 'OAU-213' ? 'end-session' : 'corrupt');
    return rejection === 'OAU-213' ? tokenInvalid() : tokenCorrupted();
  }
  if (result.reason === 'expired') return tokenExpired();
  return result.reason === 'corrupted' ? tokenCorrupted() : tokenInvalid();
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key).map((value) => (key === 'access_token' ? '[redacted]' : value));
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
