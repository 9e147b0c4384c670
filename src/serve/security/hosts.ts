import { isIP } from 'node:net';

/**
 * Which addresses count as this machine only, and which names a request's `Host` may carry
 * (docs/cli.md, "`recordings serve`"). A browser sends the name it was asked to open in `Host`: a
 * page on another site that makes its own name resolve to 127.0.0.1 (DNS rebinding) still sends its
 * own name, so a loopback server that answers only to loopback names cannot be read that way.
 */

/** `localhost`, any 127.x.y.z, and ::1 (with or without brackets). */
export function isLoopback(host: string): boolean {
  const name = bare(host);
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1' || name === '::ffff:127.0.0.1';
  return false;
}

/** The unspecified address: every interface of the machine. */
export function isWildcard(host: string): boolean {
  const name = bare(host);
  return name === '0.0.0.0' || name === '::' || name === '0:0:0:0:0:0:0:0';
}

/**
 * The host name of a `Host` header value: lowercase, without the port, brackets or a final dot.
 * Null when it is not a host name at all.
 */
export function hostName(header: string): string | null {
  const value = header.trim().toLowerCase();
  let name: string;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0 || !/^(:\d{1,5})?$/.test(value.slice(end + 1))) return null;
    name = value.slice(1, end);
    return isIP(name) === 6 ? name : null;
  }
  const match = /^([a-z0-9._-]+?)\.?(?::\d{1,5})?$/.exec(value);
  if (!match) return null;
  name = match[1]!;
  return name;
}

/** The names a server answers to; `any` when every name is acceptable (a token guards it). */
export type HostRule = { any: true } | { any: false; names: ReadonlySet<string> };

/**
 * Loopback names always (the machine itself), the address the server is bound to when it is a
 * particular one, and each `--public-host`. A server on every interface (0.0.0.0) with no public host
 * named answers to any name: it needs a token, and a rebinding page cannot have one.
 */
export function hostRule(bindHost: string, publicHosts: readonly string[]): HostRule {
  if (isWildcard(bindHost) && publicHosts.length === 0) return { any: true };
  const names = new Set(publicHosts.map((host) => bare(host)));
  if (!isWildcard(bindHost)) names.add(bare(bindHost));
  return { any: false, names };
}

export function hostAllowed(rule: HostRule, name: string): boolean {
  return rule.any || isLoopback(name) || rule.names.has(name);
}

/** The URL a person opens for a server bound to `host` on `port`: IPv6 addresses in brackets. */
export function baseUrl(host: string, port: number): string {
  const name = bare(host);
  return `http://${isIP(name) === 6 ? `[${name}]` : name}:${port}/`;
}

function bare(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}
