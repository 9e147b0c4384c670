import { CLIENT_REFUSALS, REFRESH_REFUSALS, oauthError } from './error-bodies.js';
import type { Exchange } from './exchange.js';
import type { SimulatorCore } from './core.js';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const SCOPE = 'ReadAccounts ReadCallLog ReadCallRecording RingSense';
/** Bounds of the requested token lifetimes (spec `BaseTokenRequest`; docs/ringcentral.md, "Auth and tokens"). */
const ACCESS_TTL_RANGE = [600, 3600] as const;
const REFRESH_TTL_MAX = 2_592_000;

/** POST /restapi/oauth/token: the JWT bearer grant and the refresh grant. */
export function handleToken(core: SimulatorCore, ex: Exchange, form: URLSearchParams): void {
  const client = basicClient(ex);
  if (!client) {
    ex.json(401, oauthError('invalid_client', 'OAU-123', 'Client authentication is required'));
    return;
  }
  const { clientId, clientSecret } = core.options.credentials;
  if (client.id !== clientId || client.secret !== clientSecret) {
    ex.json(401, oauthError('invalid_client', 'OAU-153', `${CLIENT_REFUSALS['OAU-153']}: ${client.id}`));
    return;
  }
  if (core.clientRefusal) {
    ex.json(401, oauthError('invalid_client', core.clientRefusal, CLIENT_REFUSALS[core.clientRefusal]));
    return;
  }
  const now = core.now();
  const withRefreshToken = core.issueRefreshTokens;
  const accessTtl = grantedTtl(form.get('access_token_ttl'), ACCESS_TTL_RANGE[0], ACCESS_TTL_RANGE[1], core.options.accessTokenTtlSeconds);
  const refreshTtl = grantedTtl(form.get('refresh_token_ttl'), 1, REFRESH_TTL_MAX, core.options.refreshTokenTtlSeconds);
  const grant = form.get('grant_type');
  if (grant === JWT_GRANT) {
    const assertion = form.get('assertion');
    if (!assertion) {
      ex.json(400, oauthError('invalid_request', 'OAU-121', 'Parameter [assertion] is required', 'assertion'));
      return;
    }
    if (assertion !== core.options.credentials.jwt) {
      // [inf] RingCentral's code for a bad JWT is not documented in the reference; any OAU-1xx invalid_grant.
      ex.json(400, oauthError('invalid_grant', 'OAU-140', 'Invalid assertion'));
      return;
    }
    const session = core.tokens.login(now, accessTtl, refreshTtl, { endpointId: form.get('endpoint_id') ?? undefined, withRefreshToken });
    ex.json(200, tokenInfo(core, session));
    return;
  }
  if (grant === 'refresh_token') {
    const refreshToken = form.get('refresh_token');
    if (!refreshToken) {
      ex.json(400, oauthError('invalid_request', 'OAU-121', 'Parameter [refresh_token] is required', 'refresh_token'));
      return;
    }
    const refused = core.faults.takeRefreshRefusal();
    if (refused) {
      core.tokens.spendRefreshToken(refreshToken);
      ex.json(400, oauthError('invalid_grant', refused, REFRESH_REFUSALS[refused]));
      return;
    }
    const result = core.tokens.refresh(refreshToken, now, accessTtl, refreshTtl, withRefreshToken);
    if (!result.ok) {
      // An expired refresh token, or one never issued, already spent or whose session ended.
      const code = result.reason === 'expired' ? 'OAU-211' : 'OAU-213';
      ex.json(400, oauthError('invalid_grant', code, REFRESH_REFUSALS[code]));
      return;
    }
    ex.json(200, tokenInfo(core, result.session));
    return;
  }
  ex.json(400, oauthError('unsupported_grant_type', 'OAU-250', `Unsupported grant type: ${grant ?? '(none)'}`, 'grant_type'));
}

/** POST /restapi/oauth/revoke: ends the session of the given token (form `token=`). */
export function handleRevoke(core: SimulatorCore, ex: Exchange, form: URLSearchParams): void {
  const client = basicClient(ex);
  const { clientId, clientSecret } = core.options.credentials;
  if (!client || client.id !== clientId || client.secret !== clientSecret) {
    ex.json(401, oauthError('invalid_client', 'OAU-123', 'Client authentication is required'));
    return;
  }
  const token = form.get('token');
  if (token) core.tokens.revoke(token);
  ex.empty(200);
}

/** The token response [spec TokenInfo]; without the app's "Issue refresh tokens" setting, no refresh token at all. */
function tokenInfo(core: SimulatorCore, session: { accessToken: string; refreshToken: string; accessTtlSeconds: number; refreshTtlSeconds: number; endpointId: string; id: string }) {
  return {
    access_token: session.accessToken,
    token_type: 'bearer',
    expires_in: session.accessTtlSeconds,
    ...(session.refreshToken ? { refresh_token: session.refreshToken, refresh_token_expires_in: session.refreshTtlSeconds } : {}),
    scope: core.ringSense.scope ? SCOPE : SCOPE.replace(/\s*\bRingSense\b/, ''),
    owner_id: String(core.account.ownerExtensionId),
    endpoint_id: session.endpointId,
    session_id: session.id,
  };
}

/**
 * The lifetime granted: what the client asked for when within RingCentral's bounds, never more than the
 * simulator's configured maximum. Out-of-range requests get the maximum: the SDK sends
 * `access_token_ttl=-1` after a 401 (docs/ringcentral.md, "The JavaScript SDK").
 */
function grantedTtl(requested: string | null, min: number, max: number, configured: number): number {
  const value = requested === null ? NaN : Number(requested);
  if (Number.isInteger(value) && value >= min && value <= max) return Math.min(value, configured);
  return configured;
}

function basicClient(ex: Exchange): { id: string; secret: string } | null {
  const header = ex.req.headers.authorization ?? '';
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
