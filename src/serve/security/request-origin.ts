import type { MiddlewareHandler } from 'hono';
import type { ServeEnv } from '../context.js';
import { jsonError } from '../errors.js';
import { type HostRule, hostAllowed, hostName } from './hosts.js';

/** Headers a reverse proxy adds: their presence means the request did not come straight from this machine. */
const PROXY_HEADER = /^(forwarded|x-forwarded-.+|x-real-ip)$/i;

/**
 * The two checks on where a request came from (docs/cli.md, "`recordings serve`"), before any other:
 *
 * - `Host` must name an address this server answers to (hosts.ts): a loopback server read through a
 *   rebinding page sees that page's name, and refuses it (400);
 * - a request that carries `Forwarded`, `X-Forwarded-*` (or `X-Real-IP`) came through a proxy, which may
 *   be open to anyone, even when it forwards `Host: 127.0.0.1`: refused (403) unless the server has
 *   tokens.
 *
 * The `Host` header is read as sent; the request URL is checked too, since a request line may carry
 * an absolute URL with a host of its own.
 */
export function requestOriginCheck(rule: HostRule, hasTokens: boolean): MiddlewareHandler<ServeEnv> {
  return async (c, next) => {
    const header = c.req.header('host');
    const name = header === undefined ? null : hostName(header);
    const urlName = hostName(new URL(c.req.url).host);
    if (name === null || urlName === null || !hostAllowed(rule, name) || !hostAllowed(rule, urlName)) {
      return jsonError(c, {
        code: 'bad_request',
        message: header === undefined ? 'the request has no Host header' : `this server does not answer to the host '${shorten(header)}'`,
        hint: 'open it by the address it printed when it started; a name a reverse proxy forwards must be given with --public-host',
      });
    }
    if (!hasTokens) {
      const proxied = Object.keys(c.req.header()).find((header) => PROXY_HEADER.test(header));
      if (proxied) {
        return jsonError(c, {
          code: 'forbidden',
          message: `the request came through a proxy (it carries ${proxied}), and this server has no tokens`,
          hint: 'a server behind a reverse proxy needs --token-file (and --public-host for the name the proxy forwards)',
        });
      }
    }
    await next();
  };
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
