import type { ServeApp } from '../context.js';
import { type ApiError, jsonBody, jsonError } from '../errors.js';
import type { PageData } from '../page-data.js';

/**
 * The JSON API's reading routes (docs/cli.md, "`recordings serve`"): each answers exactly what its
 * command prints with `--json`, through the same data the page is built from.
 */
export function apiRoutes(app: ServeApp, data: PageData): void {
  app.get('/api/v1/recordings', async (c) => jsonBody(c, await data.search(searchParams(c.req.url))));

  app.get('/api/v1/recordings/:id', async (c) => {
    const id = c.req.param('id');
    const recording = await data.recording(id);
    return recording ? jsonBody(c, recording) : jsonError(c, notFound(id));
  });

  app.get('/api/v1/stats', async (c) => jsonBody(c, await data.stats(searchParams(c.req.url))));

  app.get('/api/v1/status', async (c) => jsonBody(c, await data.status()));
}

/** An id that is not in the archive, said as `get` says it. */
export function notFound(id: string): ApiError {
  const shown = id.length > 60 ? `${id.slice(0, 60)}…` : id;
  return { code: 'not_found', message: `no recording, call or session with id '${shown}' in the archive`, hint: 'find ids with /api/v1/recordings' };
}

export function searchParams(url: string): URLSearchParams {
  return new URL(url).searchParams;
}
