import { randomBytes } from 'node:crypto';

/**
 * OAuth sessions (docs/ringcentral.md, "Auth and tokens"): a JWT login opens a session with an access token and a single-use refresh
 * token; refreshing replaces both (the old access token dies at once); revoking ends the session. An
 * app+user holds at most ~5 parallel sessions: opening a sixth ends the oldest one [inf: the docs do not
 * say which session loses].
 */

export const MAX_PARALLEL_SESSIONS = 5;

export interface Session {
  id: string;
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  endpointId: string;
  createdAt: number;
}

export type TokenCheck = { ok: true; session: Session } | { ok: false; reason: 'unknown' | 'expired' };

export class TokenStore {
  private readonly byAccess = new Map<string, Session>();
  private readonly byRefresh = new Map<string, Session>();
  private readonly live: Session[] = [];
  logins = 0;
  refreshes = 0;
  revokes = 0;

  login(now: number, accessTtlSeconds: number, refreshTtlSeconds: number, endpointId?: string): Session {
    this.logins++;
    for (const stale of this.live.filter((s) => s.refreshExpiresAt <= now)) this.end(stale);
    const session: Session = {
      id: token(12),
      accessToken: '',
      accessExpiresAt: 0,
      refreshToken: '',
      refreshExpiresAt: 0,
      accessTtlSeconds,
      refreshTtlSeconds,
      endpointId: endpointId || token(16),
      createdAt: now,
    };
    this.issue(session, now);
    this.live.push(session);
    while (this.liveSessions(now) > MAX_PARALLEL_SESSIONS) {
      const oldest = this.live.find((s) => s.refreshExpiresAt > now);
      if (!oldest) break;
      this.end(oldest);
    }
    return session;
  }

  /** Exchanges a refresh token: the session gets new tokens, the old ones stop working. */
  refresh(refreshToken: string, now: number, accessTtlSeconds: number, refreshTtlSeconds: number): Session | null {
    const session = this.byRefresh.get(refreshToken);
    if (!session || session.refreshExpiresAt <= now) return null;
    this.refreshes++;
    this.byAccess.delete(session.accessToken);
    this.byRefresh.delete(session.refreshToken);
    session.accessTtlSeconds = accessTtlSeconds;
    session.refreshTtlSeconds = refreshTtlSeconds;
    this.issue(session, now);
    return session;
  }

  /** Ends the session that `anyToken` (access or refresh) belongs to. Unknown tokens are ignored (RFC 7009). */
  revoke(anyToken: string): void {
    const session = this.byAccess.get(anyToken) ?? this.byRefresh.get(anyToken);
    if (!session) return;
    this.revokes++;
    this.end(session);
  }

  check(accessToken: string, now: number): TokenCheck {
    const session = this.byAccess.get(accessToken);
    if (!session) return { ok: false, reason: 'unknown' };
    if (session.accessExpiresAt <= now) return { ok: false, reason: 'expired' };
    return { ok: true, session };
  }

  expireAccessTokens(now: number): void {
    for (const session of this.live) session.accessExpiresAt = Math.min(session.accessExpiresAt, now);
  }

  expireRefreshTokens(now: number): void {
    for (const session of this.live) session.refreshExpiresAt = Math.min(session.refreshExpiresAt, now);
  }

  /** Sessions whose refresh token still works. */
  liveSessions(now: number): number {
    let count = 0;
    for (const session of this.live) if (session.refreshExpiresAt > now) count++;
    return count;
  }

  private issue(session: Session, now: number): void {
    session.accessToken = `U0pDMTFQMDFQQVMwMXxBQUF${token(40)}`;
    session.refreshToken = `U0pDMTFQMDFQQVMwMXxBQUJ${token(40)}`;
    session.accessExpiresAt = now + session.accessTtlSeconds * 1000;
    session.refreshExpiresAt = now + session.refreshTtlSeconds * 1000;
    this.byAccess.set(session.accessToken, session);
    this.byRefresh.set(session.refreshToken, session);
  }

  private end(session: Session): void {
    this.byAccess.delete(session.accessToken);
    this.byRefresh.delete(session.refreshToken);
    const index = this.live.indexOf(session);
    if (index >= 0) this.live.splice(index, 1);
  }
}

function token(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}
