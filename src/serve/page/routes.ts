import { html } from 'hono/html';
import type { ServeApp } from '../context.js';
import type { PageData } from '../page-data.js';

/**
 * The web page's routes. A first page: what the server offers, until the page for the support desk
 * takes its place. It reads its data through `data`, as the full page will.
 */
export function pageRoutes(app: ServeApp, data: PageData): void {
  app.get('/', async (c) => {
    const status = await data.status();
    const archive = status.database.exists ? `${status.counts.recordings} recordings` : 'No archive yet: the first sync creates it.';
    return c.html(html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>recordings</title></head>
<body>
<main>
<h1>recordings</h1>
<p>${archive}</p>
<h2>JSON API</h2>
<ul>
<li><a href="/api/v1/recordings">/api/v1/recordings</a>?search_text=&amp;phone_number=&amp;from=&amp;to=&amp;direction=&amp;has_transcript=&amp;status=&amp;sentiment=&amp;topic=&amp;sort=&amp;limit=&amp;offset=</li>
<li>/api/v1/recordings/{id}</li>
<li>/api/v1/recordings/{id}/stream</li>
<li><a href="/api/v1/stats">/api/v1/stats</a>?from=&amp;to=</li>
<li><a href="/api/v1/export">/api/v1/export</a>?format=csv|json|ndjson&amp;…</li>
<li><a href="/api/v1/status">/api/v1/status</a></li>
</ul>
</main>
</body>
</html>
`);
  });
}
