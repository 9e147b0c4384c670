import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { ServeApp } from './context.js';
import { ServeOptionError } from './options-error.js';
import { baseUrl } from './security/hosts.js';

export interface RunningServer {
  /** The base URL, e.g. `http://127.0.0.1:8080/`. */
  url: string;
  port: number;
  /** Stops listening and ends every connection, within `graceMs` for answers in flight. */
  close(graceMs?: number): Promise<void>;
}

/** How long a request may take to arrive (headers and body): a client that dribbles bytes is cut off. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Listens on `host`:`port` (0: a free port) with node:http, which hands each request to the app.
 * A request that is not HTTP the app can read (a Host header that is no host) is a 400 here.
 */
export function startServer(app: ServeApp, host: string, port: number): Promise<RunningServer> {
  const listener = getRequestListener(app.fetch, {
    errorHandler: () =>
      new Response(`${JSON.stringify({ error: { code: 'bad_request', message: 'the request cannot be read' } })}\n`, {
        status: 400,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      }),
  });
  const server = createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }, listener);
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, host, port)));
    server.listen(port, host.replace(/^\[(.*)\]$/, '$1'), () => {
      const bound = (server.address() as AddressInfo).port;
      resolve({ url: baseUrl(host, bound), port: bound, close: (graceMs) => closeServer(server, graceMs ?? 250) });
    });
  });
}

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // Answers still being sent (a long export) are cut: stopping must not wait on a slow client.
    setTimeout(() => server.closeAllConnections(), graceMs).unref();
  });
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new ServeOptionError(`port ${port} on ${host} is already in use`, 'choose another with --port, or --port 0 for any free port');
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return new ServeOptionError(`--host ${host} is not an address of this machine`, 'e.g. --host 127.0.0.1, or --host 0.0.0.0 for every interface');
  }
  if (error.code === 'EACCES') return new ServeOptionError(`port ${port} needs privileges this user does not have`, 'use a port above 1023, e.g. --port 8080');
  return error;
}
