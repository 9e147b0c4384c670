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
 * a proxy's cache. Set before the route runs, so every answer is made with them, and a route that
 * sets its own Cache-Control (the assets) simply overrides the default.
 */
export function securityHeaders(): MiddlewareHandler<ServeEnv> {
  return async (c, next) => {
    for (const [name, value] of Object.entries(HEADERS)) c.header(name, value);
    c.header('Cache-Control', 'no-store');
    await next();
  };
}
