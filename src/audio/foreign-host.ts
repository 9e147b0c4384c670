import { connect } from 'node:net';

/**
 * Whether a recording's content lives on a loopback server that is not the configured one: an
 * archive synced from `recordings demo` or `recordings simulator`, whose `contentUri` names the
 * simulator's 127.0.0.1 port. The client would (rightly) refuse to send the token there; the user
 * needs to hear where the archive came from instead. `running` says whether anything still listens
 * on that port (a connection attempt, nothing sent). Null for any other URI.
 */
export async function foreignContentHost(contentUri: string, server: string): Promise<{ host: string; running: boolean } | null> {
  let url: URL;
  let configured: URL;
  try {
    url = new URL(contentUri);
    configured = new URL(server);
  } catch {
    return null;
  }
  if (url.origin === configured.origin || !isLoopback(url.hostname)) return null;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return { host: url.host, running: await listening(url.hostname.replace(/^\[|\]$/g, ''), port) };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || /^127(?:\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (running: boolean) => {
      socket.destroy();
      resolve(running);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
