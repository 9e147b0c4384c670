import { isIP } from 'node:net';
import { ServeOptionError } from './options-error.js';
import { type HostRule, hostRule, isLoopback } from './security/hosts.js';
import { TokenSource } from './security/token-source.js';
import type { Tokens } from './security/tokens.js';

export interface ServeOptions {
  host: string;
  port: number;
  publicHosts: readonly string[];
  tokenFile?: string | undefined;
}

/** What the security middleware enforces (security/*.ts). */
export interface SecuritySettings {
  hosts: HostRule;
  /** Null: no token needed, which only a loopback server without public hosts may run with. */
  tokens: Tokens | null;
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/**
 * The security rules of `serve` (docs/cli.md, "`recordings serve`") checked before anything listens:
 * on loopback it may run without tokens; any other address, and any `--public-host` (a reverse proxy
 * exposes the server however it is bound), needs `--token-file`. `log` gets the line saying a changed
 * token file was read again, or was refused and the tokens read before stay in force.
 */
export async function securitySettings(options: ServeOptions, log: (line: string) => void = (line) => process.stderr.write(`recordings: serve: ${line}\n`)): Promise<SecuritySettings> {
  const host = options.host.trim();
  if (!host || !(isIP(host.replace(/^\[(.*)\]$/, '$1')) || HOST_NAME.test(host))) {
    throw new ServeOptionError(`--host '${shorten(options.host)}' is not an address`, 'e.g. --host 127.0.0.1 (this machine only) or --host 0.0.0.0 --token-file tokens.txt');
  }
  const publicHosts = options.publicHosts.map((name) => {
    const trimmed = name.trim().toLowerCase();
    if (!HOST_NAME.test(trimmed) && isIP(trimmed) === 0) {
      throw new ServeOptionError(`--public-host '${shorten(name)}' is not a host name`, 'give the name alone, as the proxy forwards it in Host: --public-host recordings.example.com');
    }
    return trimmed.replace(/\.$/, '');
  });
  if (options.tokenFile === undefined) {
    if (!isLoopback(host)) {
      throw new ServeOptionError(
        `--host ${host} is reachable from other machines: serving there needs --token-file`,
        'add --token-file <file> (one token per line, name:token), or serve on this machine only with --host 127.0.0.1',
      );
    }
    if (publicHosts.length > 0) {
      throw new ServeOptionError(
        '--public-host needs --token-file: a reverse proxy opens the server to whoever can reach the proxy',
        'add --token-file <file> (one token per line, name:token)',
      );
    }
  }
  // Read now, so a file refused at start is exit 2; then again whenever it changes (token-source.ts).
  const tokens = options.tokenFile === undefined ? null : TokenSource.open(options.tokenFile, log);
  return { hosts: hostRule(host, publicHosts), tokens };
}

function shorten(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text).slice(1, -1);
}
