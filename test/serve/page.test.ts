import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SeedRecording } from '../helpers/seed.js';
import { DATA_SET } from '../query/data-set.js';
import { BACKENDS } from './backends.js';
import { type TestServer, expectPageLayout, startTestServer } from './http.js';

/**
 * The web page over HTTP, on the real server and archive (the browser tests in test/browser drive it
 * in Chromium): each page answers from the same data as its JSON twin, bad parameters are shown on
 * the page with 400, and stored markup is text.
 */
const HOSTILE: SeedRecording = {
  id: 'rec-markup',
  callId: 'c-markup',
  startTime: '2026-11-22T12:00:00.000Z',
  direction: 'Inbound',
  from: { phoneNumber: '+14155550177', name: '<script>alert(1)</script>Mallory' },
  lines: ['Mallory: <img src=x onerror="alert(2)"> about my reservation'],
  insights: { summary: '<b onmouseover="alert(3)">bold</b>', sentiment: 'Negative', topics: ['complaint'] },
};

describe.each(BACKENDS)('the page on $name', (backend) => {
  let dir: string;
  let server: TestServer;
  let close: () => Promise<void> | void = () => {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rec-page-'));
    const database = await backend.archive(dir, [...DATA_SET, HOSTILE]);
    const reader = backend.reader(database);
    server = await startTestServer(reader);
    close = async () => {
      await server.close();
      await reader.close();
    };
  });
  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the search page lists what the API answers for the same parameters, with its CSV and JSON links', async () => {
    const query = 'search_text=reservation&sort=newest';
    const [page, api] = await Promise.all([server.get(`/?${query}`), server.get(`/api/v1/recordings?${query}`)]);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const ids = [...page.text.matchAll(/class="hit-link" href="\/recordings\/([^"?]+)\?q=reservation"/g)].map((m) => decodeURIComponent(m[1] ?? ''));
    expect(ids).toEqual(api.json().recordings.map((hit: { id: string }) => hit.id));
    expect(page.text).toContain(`${api.json().total} recordings`);
    expect(page.text).toContain('<mark>reservation</mark>');
    expect(page.text).toContain('href="/api/v1/export?format=csv&amp;search_text=reservation&amp;sort=newest"');
    expect(page.text).toContain('href="/api/v1/recordings?search_text=reservation&amp;sort=newest"');
  });

  test('empty form fields are no filter, and the page links its own assets, which the server serves', async () => {
    const page = await server.get('/?search_text=&phone_number=&direction=&topic=');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`${DATA_SET.length + 1} recordings`);
    for (const [, href] of page.text.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)) {
      const asset = await server.get((href ?? '').replace(/&amp;/g, '&'));
      expect(asset.status, href).toBe(200);
    }
  });

  test('a bad parameter is shown on the page, 400, with the form as it was typed', async () => {
    const page = await server.get('/?phone_number=12&direction=inbound');
    expect(page.status).toBe(400);
    expect(page.text).toContain('role="alert"');
    expect(page.text).toMatch(/phone_number/);
    expect(page.text).toContain('value="12"');
    const stats = await server.get('/stats?from=not-a-date');
    expect(stats.status).toBe(400);
    expect(stats.text).toContain('role="alert"');
  });

  test('a recording: its transcript with times, the player on the stream, its other recordings, the search words marked', async () => {
    const page = await server.get('/recordings/rec-3?q=catering');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<audio controls preload="none" src="/api/v1/recordings/rec-3/stream"');
    expect(page.text).toContain('data-start="0"');
    expect(page.text).toContain('<mark>catering</mark>');
    expect(page.text).toContain('href="/recordings/rec-4?q=catering"');
    // Any id get accepts: the call's id opens its earliest recording.
    expect((await server.get('/recordings/c-transfer')).text).toContain('src="/api/v1/recordings/rec-3/stream"');
    const missing = await server.get('/recordings/no-such-id');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('No such recording');
    expectPageLayout(missing);
  });

  test('every page and message is in the layout; an address that is no page is a 404 page, not JSON', async () => {
    for (const path of ['/', '/?search_text=reservation', '/recordings/rec-3', '/stats', '/?phone_number=12', '/recordings/%20']) expectPageLayout(await server.get(path));
    for (const path of ['/nowhere', '/recordings/', '/stats/more', '/%3Cscript%3E']) {
      const page = await server.get(path);
      expect(page.status, path).toBe(404);
      expectPageLayout(page);
      expect(page.text).toContain('<h1 id="message-heading">Not found</h1>');
      expect(page.text).not.toContain('<script>');
    }
  });

  test('stats: the charts as SVG over the range asked for, and the JSON twin of the same range', async () => {
    const page = await server.get('/stats?from=2026-11-21&to=2026-11-21');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg class="columns"');
    expect(page.text).toContain('href="/api/v1/stats?from=2026-11-21&amp;to=2026-11-21"');
    const stats = (await server.get('/api/v1/stats?from=2026-11-21&to=2026-11-21')).json();
    expect(page.text).toContain(`<div class="kpi-value">${stats.recordings}</div>`);
  });

  test('markup and quotes in the parameters come back escaped, in the form and in the error messages', async () => {
    const markup = '"><script>alert(1)</script>';
    for (const path of [
      `/?search_text=${encodeURIComponent(markup)}`,
      `/?phone_number=${encodeURIComponent(markup)}`,
      `/?topic=${encodeURIComponent(markup)}&direction=${encodeURIComponent(markup)}`,
      `/stats?from=${encodeURIComponent(markup)}`,
      `/recordings/${encodeURIComponent(markup)}?q=${encodeURIComponent(markup)}`,
    ]) {
      const page = await server.get(path);
      expect([200, 400, 404], path).toContain(page.status);
      expectPageLayout(page);
      expect(page.text, path).not.toContain('<script>alert(1)');
      expect(page.text, path).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  test('stored markup is text on every page', async () => {
    for (const path of ['/?search_text=mallory', '/recordings/rec-markup', '/?topic=complaint']) {
      const page = await server.get(path);
      expect(page.status, path).toBe(200);
      expect(page.text, path).not.toMatch(/<script>alert|<img src=x|<b onmouseover/);
      expect(page.text, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;Mallory');
    }
  });
});
