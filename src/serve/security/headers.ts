import type { MiddlewareHandler } from 'hono';
import type { ServeEnv } from '../context.js';

/**
 * The page may run only its own scripts and styles, served by this process from /assets/ (no inline
 * script, no CDN: docs/design.md, "`serve`"); audio plays from the API; nothing may frame it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/**
 * Security headers on every answer, errors included; and `Cache-Control: no-store` on everything but
 * the assets, which set their own: transcripts are personal data, and must not stay in a browser's or
 * a proxy's cache.
 */
export function securityHeaders(): MiddlewareHandler<ServeEnv> {
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(HEADERS)) c.res.headers.set(name, value);
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  };
}
