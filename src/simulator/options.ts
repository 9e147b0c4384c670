import type { FaultOptions } from './faults.js';
import type { ClientRefusalCode } from './http/error-bodies.js';
import type { RateLimitOption } from './rate-limits.js';
import type { ThrottleRule } from './throttle.js';

/** Default test credentials: not secrets, they only open the simulator. */
export const SIMULATOR_CLIENT_ID = 'SimulatorClientId0001';
export const SIMULATOR_CLIENT_SECRET = 'SimulatorClientSecret0001';
/** Opaque to clients; shaped like a JWT (header.payload.signature, base64url) because real ones are. */
export const SIMULATOR_JWT =
  'eyJraWQiOiJzaW11bGF0b3IiLCJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwOi8vMTI3LjAuMC4xL3Jlc3RhcGkvb2F1dGgvdG9rZW4iLCJzdWIiOiI2MjI4ODMyMDEwMSIsImlzcyI6InJlY29yZGluZ3Mtc2ltdWxhdG9yIn0.c2ltdWxhdG9yLXNpZ25hdHVyZS1ub3QtY2hlY2tlZA';

export interface SimulatorCredentials {
  clientId: string;
  clientSecret: string;
  jwt: string;
}

export type AudioFormat = 'wav' | 'mp3' | 'mixed';

export interface SimulatorOptions {
  /** 0 (default) = any free port; the host is always 127.0.0.1. */
  port?: number;
  /** Seed of the generated account (default 1): same seed, same calls. */
  seed?: number;
  /** Calls generated before the anchor (default 500). */
  calls?: number;
  /** The calls span [anchor − days, anchor] (default 7). */
  days?: number;
  /** The simulator's clock in ms (default Date.now); the anchor is now() at start. */
  now?: () => number;
  /** Default 'off' (programmatic use); the CLI defaults to 'realistic'. */
  rateLimits?: RateLimitOption;
  /**
   * Longest access-token life granted (default 3600; a client may ask for less, not under 600). Tests
   * set a few seconds, so a sync can cross an expiry.
   */
  accessTokenTtlSeconds?: number;
  /** Longest refresh-token life granted (default 604800). */
  refreshTokenTtlSeconds?: number;
  /**
   * The app's "Issue refresh tokens" setting in the Developer Console (default true here; a new app
   * has it off): false → token responses carry no `refresh_token`, and every renewal is a JWT login.
   */
  issueRefreshTokens?: boolean;
  /** Every token request answers 401 invalid_client with this code (OAU-153: wrong secret, OAU-146: the app is no longer let in). */
  clientRefusal?: ClientRefusalCode | null;
  /** RingSense's own throttle, below the Light group's nominal 50 a minute: 429 with Retry-After beyond it (default none). */
  ringSenseThrottle?: ThrottleRule | null;
  /** RingSense insights appear this long after the call ends (default 1800); 404 RAH-3001 before. */
  insightsDelaySeconds?: number;
  /** Fraction of recordings of 10 s or more that ever get insights (default 0.9). */
  insightsCoverage?: number;
  /**
   * Share of answered calls that last 2.5–8 hours (default 0): longer than a sync's lookback. Like
   * every call, each is listed in the call log only once it has ended, under its start time.
   */
  longCallShare?: number;
  /**
   * Extension ids whose users have no AI Conversation Expert (RingSense) licence: RingSense answers
   * 404 RAH-3001 for every recording they own, as for one not processed yet
   * (docs/ringcentral.md, "As it really behaves").
   */
  unlicensedExtensions?: readonly number[];
  /** Seeded fraction of the staff extensions without a licence, on top of `unlicensedExtensions` (default 0). */
  unlicensedShare?: number;
  /** false → the JWT user lacks "AI Conversation Expert – Access Insights": RingSense answers 403 RAH-3005 (default true). */
  ringSenseUserPermission?: boolean;
  /** false → the app lacks the `RingSense` scope: RingSense answers 403 CMN-401 and tokens omit the scope (default true). */
  ringSenseScope?: boolean;
  /** true → the RingSense route answers 404 AGW-404, as when the beta API has moved (default false). */
  ringSenseRouteMoved?: boolean;
  /**
   * Seeded fraction of the recordings with insights that get them in two stages: AI Notes first (a body
   * without `Transcript`), the full analysis `fullAnalysisDelaySeconds` later (default 0).
   */
  twoStageShare?: number;
  /** How long after the AI Notes the full analysis of a two-stage recording appears (default 3600). */
  fullAnalysisDelaySeconds?: number;
  /** New calls keep arriving after the anchor as the clock advances (default false). */
  live?: boolean;
  /**
   * How recording content is encoded: 'wav' (default), 'mp3' (`audio/mpeg`), or 'mixed' (a seeded half
   * of the recordings each). The company setting decides this on a real account
   * (docs/design.md, "RingCentral as it really behaves").
   */
  audioFormat?: AudioFormat;
  /**
   * A seeded share of recordings (0..1, default 0) whose content answers 404 until `seconds` after the
   * call ended, as RingCentral's media host does for a while after some calls.
   */
  contentDelay?: { share: number; seconds: number };
  /** Extension ids whose recordings' content answers 403 CMN-408 (the user lacks ReadCompanyCallRecording for them). */
  contentForbiddenExtensions?: readonly string[];
  credentials?: Partial<SimulatorCredentials>;
  /** Faults active from the start. */
  faults?: FaultOptions;
  /** The request log keeps at most this many entries, dropping the oldest (default 200,000). */
  requestLogLimit?: number;
}

export type ResolvedOptions = Required<Omit<SimulatorOptions, 'credentials' | 'faults' | 'clientRefusal' | 'ringSenseThrottle' | 'contentForbiddenExtensions'>> & {
  contentForbiddenExtensions: string[];
  credentials: SimulatorCredentials;
  faults: FaultOptions;
  clientRefusal: ClientRefusalCode | null;
  ringSenseThrottle: ThrottleRule | null;
};

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    port: options.port ?? 0,
    seed: options.seed ?? 1,
    calls: options.calls ?? 500,
    days: options.days ?? 7,
    now: options.now ?? Date.now,
    rateLimits: options.rateLimits ?? 'off',
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 604_800,
    issueRefreshTokens: options.issueRefreshTokens ?? true,
    clientRefusal: options.clientRefusal ?? null,
    ringSenseThrottle: options.ringSenseThrottle ?? null,
    insightsDelaySeconds: options.insightsDelaySeconds ?? 1800,
    insightsCoverage: options.insightsCoverage ?? 0.9,
    longCallShare: options.longCallShare ?? 0,
    unlicensedExtensions: options.unlicensedExtensions ?? [],
    unlicensedShare: options.unlicensedShare ?? 0,
    ringSenseUserPermission: options.ringSenseUserPermission ?? true,
    ringSenseScope: options.ringSenseScope ?? true,
    ringSenseRouteMoved: options.ringSenseRouteMoved ?? false,
    twoStageShare: options.twoStageShare ?? 0,
    fullAnalysisDelaySeconds: options.fullAnalysisDelaySeconds ?? 3600,
    live: options.live ?? false,
    audioFormat: options.audioFormat ?? 'wav',
    contentDelay: options.contentDelay ?? { share: 0, seconds: 0 },
    contentForbiddenExtensions: [...(options.contentForbiddenExtensions ?? [])],
    requestLogLimit: options.requestLogLimit ?? 200_000,
    credentials: {
      clientId: options.credentials?.clientId ?? SIMULATOR_CLIENT_ID,
      clientSecret: options.credentials?.clientSecret ?? SIMULATOR_CLIENT_SECRET,
      jwt: options.credentials?.jwt ?? SIMULATOR_JWT,
    },
    faults: options.faults ?? {},
  };
  const wholeNumbers: Array<[string, number]> = [
    ['port', resolved.port],
    ['seed', resolved.seed],
    ['calls', resolved.calls],
  ];
  for (const [name, value] of wholeNumbers) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`simulator option ${name} must be a whole number ≥ 0`);
  }
  if (!(resolved.days > 0)) throw new RangeError('simulator option days must be > 0');
  if (!(resolved.longCallShare >= 0 && resolved.longCallShare <= 1)) throw new RangeError('simulator option longCallShare must be within 0..1');
  for (const [name, value] of [
    ['insightsCoverage', resolved.insightsCoverage],
    ['unlicensedShare', resolved.unlicensedShare],
    ['twoStageShare', resolved.twoStageShare],
  ] as const) {
    if (!(value >= 0 && value <= 1)) throw new RangeError(`simulator option ${name} must be within 0..1`);
  }
  if (!(resolved.fullAnalysisDelaySeconds >= 0)) throw new RangeError('simulator option fullAnalysisDelaySeconds must be ≥ 0');
  if (!['wav', 'mp3', 'mixed'].includes(resolved.audioFormat)) throw new RangeError("simulator option audioFormat must be 'wav', 'mp3' or 'mixed'");
  const delay = resolved.contentDelay;
  if (!(delay.share >= 0 && delay.share <= 1) || !(delay.seconds >= 0)) throw new RangeError('simulator option contentDelay needs a share within 0..1 and seconds ≥ 0');
  if (!(resolved.accessTokenTtlSeconds > 0) || !(resolved.refreshTokenTtlSeconds > 0)) throw new RangeError('token lifetimes must be > 0');
  return resolved;
}
