import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { bodyLimit } from 'hono/body-limit';
import { LOCAL_ACTOR, type ServeApp, type ServeEnv } from '../context.js';
import { jsonError } from '../errors.js';
import { signInPage } from './sign-in-page.js';
import type { Tokens } from './tokens.js';

/** The cookie the sign-in form sets: HttpOnly (no script reads it) and SameSite=Strict (no other site sends it). */
export const TOKEN_COOKIE = 'recordings_token';
const COOKIE_MAX_AGE_SECONDS = 7 * 24 * 3600;
/** Paths open without a token: the page's assets (the sign-in form uses them) and signing in itself. */
const OPEN_PATHS = /^\/(assets\/|sign-in$)/;

/**
 * Who is asking (docs/cli.md, "`recordings serve`"). Without tokens everyone on this machine is
 * `local`. With tokens, every request needs `Authorization: Bearer <token>` or the cookie the sign-in
 * form sets; its name is the actor the audit log records. Without one the API answers 401 and a
 * page answers with the sign-in form.
 */
export function authentication(tokens: Tokens | null): MiddlewareHandler<ServeEnv> {
  return async (c, next) => {
    if (tokens === null) {
      c.set('actor', LOCAL_ACTOR);
      return next();
    }
    if (OPEN_PATHS.test(c.req.path)) return next();
    const name = presentedTokenName(c, tokens);
    if (name !== null) {
      c.set('actor', name);
      return next();
    }
    if (c.req.path.startsWith('/api/')) {
      return jsonError(
        c,
        { code: 'unauthorized', message: 'this server needs a token', hint: 'send Authorization: Bearer <token>, with a token from the server\'s --token-file' },
        { 'WWW-Authenticate': 'Bearer realm="recordings"' },
      );
    }
    const wanted = `${c.req.path}${new URL(c.req.url).search}`;
    return c.html(signInPage(safeNext(wanted), null).value, 401);
  };
}

/** The token's name from the Authorization header, else from the cookie; null when neither holds a valid token. */
function presentedTokenName(c: Context, tokens: Tokens): string | null {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const bearer = /^Bearer +(\S+) *$/i.exec(authorization);
    return bearer ? tokens.match(bearer[1]!) : null;
  }
  const cookie = getCookie(c, TOKEN_COOKIE);
  return cookie ? tokens.match(cookie) : null;
}

/**
 * `GET /sign-in` shows the form; `POST /sign-in` checks the token and sets the cookie, then goes
 * back to the page asked for; `POST /sign-out` drops the cookie. Posts from another site are
 * refused: nobody may sign a browser in or out behind its user's back.
 */
export function signInRoutes(app: ServeApp, tokens: Tokens | null): void {
  if (tokens === null) return;
  app.get('/sign-in', (c) => c.html(signInPage(safeNext(c.req.query('next') ?? '/'), null).value));
  const limit = bodyLimit({ maxSize: 4096, onError: (c) => jsonError(c, { code: 'bad_request', message: 'the form is too large' }) });
  app.post('/sign-in', limit, async (c) => {
    if (crossSite(c)) return jsonError(c, { code: 'forbidden', message: 'a sign-in from another site is refused' });
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token.trim() : '';
    const next = safeNext(typeof form.next === 'string' ? form.next : '/');
    if (tokens.match(token) === null) return c.html(signInPage(next, 'That token is not valid.').value, 401);
    setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: COOKIE_MAX_AGE_SECONDS, secure: viaHttps(c) });
    return c.redirect(next, 303);
  });
  app.post('/sign-out', limit, (c) => {
    if (crossSite(c)) return jsonError(c, { code: 'forbidden', message: 'a sign-out from another site is refused' });
    deleteCookie(c, TOKEN_COOKIE, { path: '/', secure: viaHttps(c) });
    return c.redirect('/', 303);
  });
}

/** A path on this server to go back to after signing in: anything else (another site, `//evil`) is `/`. */
export function safeNext(next: string): string {
  return /^\/(?![/\\])[^\s\\]*$/.test(next) && next.length <= 2000 ? next : '/';
}

/** A form posted from a page of another origin: the browser says so in Sec-Fetch-Site or Origin. */
function crossSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = c.req.header('origin');
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== c.req.header('host');
  } catch {
    return true;
  }
}

/** The browser reached the proxy over HTTPS: the cookie must then never travel over plain HTTP. */
function viaHttps(c: Context): boolean {
  const proto = c.req.header('x-forwarded-proto');
  const forwarded = c.req.header('forwarded');
  return proto?.split(',')[0]?.trim().toLowerCase() === 'https' || /(^|[;,\s])proto=https\b/i.test(forwarded ?? '');
}
