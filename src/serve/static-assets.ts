import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServeApp } from './context.js';
import { jsonError } from './errors.js';

/** The page's scripts, styles and images: src/serve/assets, copied beside the compiled code by `npm run build`. */
export const ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));

const MEDIA_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface Asset {
  file: string;
  type: string;
  body?: Buffer;
  etag?: string;
}

/**
 * The files under `dir` the server may send, by URL path (`app.js`, `icons/play.svg`), listed once.
 * A request names an entry of this list or gets 404: no path from a request ever reaches the file
 * system, so `..`, encoded slashes or NUL bytes lead nowhere. Dot files and unknown types are left out.
 */
export class AssetCatalogue {
  private readonly assets = new Map<string, Asset>();

  constructor(readonly dir: string) {
    this.scan(dir, '');
  }

  private scan(dir: string, prefix: string): void {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) this.scan(join(dir, entry.name), `${path}/`);
      else if (entry.isFile() && MEDIA_TYPES[extname(entry.name).toLowerCase()]) {
        this.assets.set(path, { file: join(dir, entry.name), type: MEDIA_TYPES[extname(entry.name).toLowerCase()]! });
      }
    }
  }

  names(): string[] {
    return [...this.assets.keys()].sort();
  }

  /** The asset's bytes and a strong ETag (a digest of them), read on first use and kept. */
  get(name: string): Required<Asset> | null {
    const asset = this.assets.get(name);
    if (!asset) return null;
    if (asset.body === undefined) {
      asset.body = readFileSync(asset.file);
      asset.etag = `"${createHash('sha256').update(asset.body).digest('base64url').slice(0, 22)}"`;
    }
    return asset as Required<Asset>;
  }

  /**
   * The URL for a page to link an asset by: with `?v=` and its digest, which the browser may then
   * keep for a year, since a changed file gets a new URL. `/assets/<name>` when there is no such asset.
   */
  url(name: string): string {
    const asset = this.get(name);
    return asset ? `/assets/${name}?v=${asset.etag.slice(1, -1)}` : `/assets/${name}`;
  }
}

/**
 * `GET /assets/<name>`, with caching headers: an ETag always (a revalidation costs a 304); and when
 * the URL carries the current `?v=` digest (AssetCatalogue.url), a year's `immutable` caching.
 * Assets hold no personal data, so they are open without a token (the sign-in form uses them).
 */
export function assetRoutes(app: ServeApp, catalogue: AssetCatalogue): void {
  app.get('/assets/*', (c) => {
    const name = decodePath(c.req.path.slice('/assets/'.length));
    const asset = name === null ? null : catalogue.get(name);
    if (!asset) return jsonError(c, { code: 'not_found', message: 'no such asset' });
    const versioned = c.req.query('v') === asset.etag.slice(1, -1);
    const headers = {
      'Content-Type': asset.type,
      ETag: asset.etag,
      'Cache-Control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (c.req.header('if-none-match')?.split(/\s*,\s*/).includes(asset.etag)) return c.body(null, 304, headers);
    return c.body(new Uint8Array(asset.body), 200, { ...headers, 'Content-Length': String(asset.body.length) });
  });
}

function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}
