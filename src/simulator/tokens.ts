import { randomBytes } from 'node:crypto';

/**
 * OAuth sessions (docs/ringcentral.md, "Auth and tokens"): a JWT login opens a session with an access
 * token and, when the app's "Issue refresh tokens" setting is on, a single-use refresh token;
 * refreshing replaces both (the old access token dies at once); revoking ends the session. An
 * app+user holds at most ~5 parallel sessions: opening a sixth ends the oldest one [inf: the docs do
 * not say which session loses].
 *
 * An access token replaced by a refresh answers "Access token corrupted" (OAU-129) for a few seconds,
 * then "Token not found" (OAU-213), as RingCentral's SDK maintainer observed in his public
 * "RingCentral Token Refresh experiment" repository.
 */

export const MAX_PARALLEL_SESSIONS = 5;

/** How long a replaced access token answers OAU-129 before it is simply unknown (OAU-213). */
const CORRUPTED_FOR_MS = 10_000;

export interface Session {
  id: string;
  accessToken: string;
  accessExpiresAt: number;
  /** Empty when the app issues no refresh tokens. */
  refreshToken: string;
  refreshExpiresAt: number;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  endpointId: string;
  createdAt: number;
}

export type TokenCheck = { ok: true; session: Session } | { ok: false; reason: 'unknown' | 'expired' | 'corrupted' };

/** Why a refresh grant was refused: the refresh token expired, or is unknown (spent, revoked, its session ended). */
export type RefreshRefusal = 'expired' | 'unknown';

export class TokenStore {
  private readonly byAccess = new Map<string, Session>();
  private readonly byRefresh = new Map<string, Session>();
  /** Access tokens replaced or rejected lately, with when: they answer OAU-129 for a while. */
  private readonly retired = new Map<string, number>();
  private readonly live: Session[] = [];
  logins = 0;
  refreshes = 0;
  revokes = 0;

  login(now: number, accessTtlSeconds: number, refreshTtlSeconds: number, options: { endpointId?: string | undefined; withRefreshToken: boolean }): Session {
    this.logins++;
    for (const stale of this.live.filter((s) => endOf(s) <= now)) this.end(stale);
    const session: Session = {
      id: token(12),
      accessToken: '',
      accessExpiresAt: 0,
      refreshToken: '',
      refreshExpiresAt: 0,
      accessTtlSeconds,
      refreshTtlSeconds,
      endpointId: options.endpointId || token(16),
      createdAt: now,
    };
    this.issue(session, now, options.withRefreshToken);
    this.live.push(session);
    while (this.liveSessions(now) > MAX_PARALLEL_SESSIONS) {
      const oldest = this.live.find((s) => endOf(s) > now);
      if (!oldest) break;
      this.end(oldest);
    }
    return session;
  }

  /**
   * Exchanges a refresh token: the session gets new tokens, the old ones stop working. Refused when the
   * refresh token is unknown (never issued, already spent, its session ended) or expired.
   */
  refresh(
    refreshToken: string,
    now: number,
    accessTtlSeconds: number,
    refreshTtlSeconds: number,
    withRefreshToken: boolean,
  ): { ok: true; session: Session } | { ok: false; reason: RefreshRefusal } {
    const session = this.byRefresh.get(refreshToken);
    if (!session) return { ok: false, reason: 'unknown' };
    if (session.refreshExpiresAt <= now) return { ok: false, reason: 'expired' };
    this.refreshes++;
    this.retire(session.accessToken, now);
    this.byAccess.delete(session.accessToken);
    this.byRefresh.delete(session.refreshToken);
    session.accessTtlSeconds = accessTtlSeconds;
    session.refreshTtlSeconds = refreshTtlSeconds;
    this.issue(session, now, withRefreshToken);
    return { ok: true, session };
  }

  /** Ends the session that `anyToken` (access or refresh) belongs to. Unknown tokens are ignored (RFC 7009). */
  revoke(anyToken: string): void {
    const session = this.byAccess.get(anyToken) ?? this.byRefresh.get(anyToken);
    if (!session) return;
    this.revokes++;
    this.end(session);
  }

  /**
   * RingCentral stops accepting an access token: `corrupt` ends only that access token (the session's
   * refresh token still works, as after OAU-129); `end-session` ends its whole session (as when the
   * session limit rotates it out: OAU-213, and its refresh token is gone too).
   */
  reject(accessToken: string, now: number, how: 'corrupt' | 'end-session'): void {
    const session = this.byAccess.get(accessToken);
    if (!session) return;
    if (how === 'end-session') {
      this.end(session);
      return;
    }
    this.retire(accessToken, now);
    this.byAccess.delete(accessToken);
    session.accessExpiresAt = Math.min(session.accessExpiresAt, now);
  }

  /** The refresh token stops working (a refused refresh spends it, like any other). */
  spendRefreshToken(refreshToken: string): void {
    const session = this.byRefresh.get(refreshToken);
    if (!session) return;
    this.byRefresh.delete(refreshToken);
    session.refreshToken = '';
    session.refreshExpiresAt = 0;
  }

  check(accessToken: string, now: number): TokenCheck {
    const session = this.byAccess.get(accessToken);
    if (!session) {
      const retiredAt = this.retired.get(accessToken);
      return { ok: false, reason: retiredAt !== undefined && now - retiredAt < CORRUPTED_FOR_MS ? 'corrupted' : 'unknown' };
    }
    if (session.accessExpiresAt <= now) return { ok: false, reason: 'expired' };
    return { ok: true, session };
  }

  expireAccessTokens(now: number): void {
    for (const session of this.live) session.accessExpiresAt = Math.min(session.accessExpiresAt, now);
  }

  expireRefreshTokens(now: number): void {
    for (const session of this.live) session.refreshExpiresAt = Math.min(session.refreshExpiresAt, now);
  }

  /** Sessions still usable: by their refresh token, or by their access token when they have none. */
  liveSessions(now: number): number {
    let count = 0;
    for (const session of this.live) if (endOf(session) > now) count++;
    return count;
  }

  private issue(session: Session, now: number, withRefreshToken: boolean): void {
    session.accessToken = `U0pDMTFQMDFQQVMwMXxBQUF${token(40)}`;
    session.accessExpiresAt = now + session.accessTtlSeconds * 1000;
    this.byAccess.set(session.accessToken, session);
    if (withRefreshToken) {
      session.refreshToken = `U0pDMTFQMDFQQVMwMXxBQUJ${token(40)}`;
      session.refreshExpiresAt = now + session.refreshTtlSeconds * 1000;
      this.byRefresh.set(session.refreshToken, session);
    } else {
      session.refreshToken = '';
      session.refreshExpiresAt = 0;
    }
  }

  private retire(accessToken: string, now: number): void {
    for (const [old, at] of this.retired) if (now - at >= CORRUPTED_FOR_MS) this.retired.delete(old);
    this.retired.set(accessToken, now);
  }

  private end(session: Session): void {
    this.byAccess.delete(session.accessToken);
    if (session.refreshToken) this.byRefresh.delete(session.refreshToken);
    const index = this.live.indexOf(session);
    if (index >= 0) this.live.splice(index, 1);
  }
}

/** A session lasts as long as its refresh token, or its access token when it has none. */
function endOf(session: Session): number {
  return session.refreshToken ? session.refreshExpiresAt : session.accessExpiresAt;
}

function token(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}
