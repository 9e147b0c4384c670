import type { Context, Env, Hono } from 'hono';
import { QueryError } from '../../query/errors.js';
import type { RecordingJson } from '../../query/json-shapes.js';
import type { PageData } from '../page-data.js';
import { type Html, html } from './html.js';
import type { Section } from './layout.js';
import { renderMessagePage, renderNoArchivePage, renderNotFoundPage } from './message-page.js';
import { renderRecordingPage } from './recording-page.js';
import { renderSearchPage } from './search-page.js';
import { queryParams, searchQuery } from './search-query.js';
import { renderStatsPage } from './stats-page.js';

/**
 * The web page of `recordings serve` (docs/cli.md, "`recordings serve`"): the search at `/`, a
 * recording at `/recordings/{id}`, stats at `/stats`. Each renders the same JSON the API answers
 * with for the same parameters (its JSON twin, linked at the foot of the page).
 */
export function pageRoutes<E extends Env>(app: Hono<E>, data: PageData): void {
  app.get('/', async (c) => {
    const query = searchQuery(new URL(c.req.url).searchParams);
    try {
      return respond(c, renderSearchPage({ query, result: await data.search(queryParams(query)) }));
    } catch (error) {
      if (errorCode(error) === 'bad_request') return respond(c, renderSearchPage({ query, result: null, error: messageOf(error) }), 400);
      return unavailable(c, data, error, 'search');
    }
  });

  app.get('/recordings/:id', async (c) => {
    const id = c.req.param('id');
    const q = c.req.query('q')?.trim() || null;
    try {
      const recording = await data.recording(id);
      if (!recording) return respond(c, renderNotFoundPage(id), 404);
      const others = await Promise.all(
        recording.otherRecordingIds.map(async (otherId) => ({ id: otherId, recording: await data.recording(otherId).catch((): RecordingJson | null => null) })),
      );
      return respond(c, renderRecordingPage({ recording, others, q }));
    } catch (error) {
      if (errorCode(error) === 'bad_request') return respond(c, renderMessagePage('Not a recording id', html`<p>${messageOf(error)}</p>`), 400);
      return unavailable(c, data, error, null);
    }
  });

  app.get('/stats', async (c) => {
    const url = new URL(c.req.url);
    const range = { from: url.searchParams.get('from')?.trim() || undefined, to: url.searchParams.get('to')?.trim() || undefined };
    const params = new URLSearchParams();
    if (range.from) params.set('from', range.from);
    if (range.to) params.set('to', range.to);
    try {
      return respond(c, renderStatsPage({ range, stats: await data.stats(params) }));
    } catch (error) {
      if (errorCode(error) === 'bad_request') return respond(c, renderStatsPage({ range, stats: null, error: messageOf(error) }), 400);
      return unavailable(c, data, error, 'stats');
    }
  });
}

/**
 * A page. The server's middleware adds the Content-Security-Policy (only the page's own script and
 * stylesheet: no inline script, handler or style, src/serve/security/headers.ts) and `no-store`.
 */
function respond(c: Context, page: Html, status: 200 | 400 | 404 | 503 = 200): Response {
  return c.html(page.value, status);
}

/**
 * No archive yet, or the database unavailable (docs/cli.md, "Which archive"): 503 with a page that
 * says which, and what to do. Anything else is the server's to report.
 */
async function unavailable(c: Context, data: PageData, error: unknown, section: Section): Promise<Response> {
  if (errorCode(error) !== 'unavailable') throw error;
  const status = await data.status().catch(() => null);
  if (status && !status.database.exists) return respond(c, renderNoArchivePage(status.database.path, section), 503);
  return respond(c, renderMessagePage('The archive is unavailable', html`<p>${messageOf(error)}</p><p>Try again in a moment.</p>`, section), 503);
}

/** The code of the query layer's errors (`bad_request`, `unavailable`, …); null for any other error. */
function errorCode(error: unknown): string | null {
  return error instanceof QueryError ? error.code : null;
}

/** The error's message, and its hint (how to do it right) when it has one. */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error instanceof QueryError && error.hint ? `${error.message} (${error.hint})` : error.message;
}
