import { expect } from 'vitest';
import { request } from 'node:http';
import type { ArchiveReader } from '../../src/query/reader.js';
import { createApp } from '../../src/serve/app.js';
import { securitySettings } from '../../src/serve/options.js';
import type { RunningServer } from '../../src/serve/server.js';
import { startServer } from '../../src/serve/server.js';
import type { AssetCatalogue } from '../../src/serve/static-assets.js';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  json<T = any>(): T;
}

/**
 * One HTTP request with node:http, which (unlike fetch) sends exactly the headers given, Host
 * included, and accepts any request target: what a hostile client could send.
 */
export function send(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; setHost?: boolean } = {},
): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port,
        method: options.method ?? 'GET',
        path,
        headers: options.body === undefined ? options.headers : { 'Content-Length': String(Buffer.byteLength(options.body)), ...options.headers },
        setHost: options.setHost ?? true,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export interface TestServer extends RunningServer {
  get(path: string, headers?: Record<string, string>): Promise<Answer>;
  logged: string[];
}

/** A real server on 127.0.0.1 (a free port) over `reader`, with the security options `serve` would get. */
export async function startTestServer(
  reader: ArchiveReader,
  options: { host?: string; publicHosts?: string[]; tokenFile?: string; assets?: AssetCatalogue; now?: () => Date } = {},
): Promise<TestServer> {
  const host = options.host ?? '127.0.0.1';
  const logged: string[] = [];
  const security = await securitySettings({ host, port: 0, publicHosts: options.publicHosts ?? [], tokenFile: options.tokenFile }, (line) => logged.push(line));
  const app = createApp({ reader, security, defaultRegion: 'US', now: options.now, assets: options.assets, log: (line) => logged.push(line) });
  const server = await startServer(app, host, 0);
  return { ...server, logged, get: (path, headers) => send(server.url, path, { headers }) };
}


/**
 * The page's layout (src/serve/page/layout.ts) around a page, the sign-in form and the error pages:
 * the stylesheet and script from /assets/ only, the skip link and the main landmark, and nothing
 * inline, which the Content-Security-Policy would refuse.
 */
export function expectPageLayout(answer: Answer): void {
  expect(answer.headers['content-type']).toMatch(/^text\/html/);
  expect(answer.text).toMatch(/^<!doctype html>\n<html lang="en">/);
  expect(answer.text).toMatch(/<link rel="stylesheet" href="\/assets\/page\.css\?v=[\w-]+">/);
  expect(answer.text).toMatch(/<script src="\/assets\/page\.js\?v=[\w-]+" defer><\/script>/);
  expect(answer.text).toContain('<a class="skip-link" href="#main">Skip to content</a>');
  expect(answer.text).toContain('<main id="main"');
  expect(answer.text).not.toMatch(/<script>|<style|\sstyle="|\son[a-z]+="/i);
}
