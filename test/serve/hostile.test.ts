import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ArchiveReader } from '../../src/query/reader.js';
import { AssetCatalogue } from '../../src/serve/static-assets.js';
import type { SeedRecording } from '../helpers/seed.js';
import { DATA_SET } from '../query/data-set.js';
import { AT_THE_LIMITS, HOSTILE_QUERIES } from '../query/text-limits.js';
import { BACKENDS } from './backends.js';
import { type TestServer, send, startTestServer } from './http.js';

const MARKUP = '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>';
const HOSTILE: SeedRecording[] = [
  {
    id: 'rec-markup',
    callId: 'c-markup',
    startTime: '2026-11-23T10:00:00.000Z',
    from: { phoneNumber: '+14155550177', name: MARKUP },
    lines: [`Caller: ${MARKUP} about a refund`, 'Host: "quoted" & <b>bold</b> \u202eevil\u202c'],
    insights: { summary: `${MARKUP} summary`, topics: ['<topic>'] },
  },
];

/**
 * Input from a hostile client: search syntax and SQL in the text, huge and repeated parameters,
 * paths that try to leave the assets folder, stored markup; none may fail the server, change the
 * archive, reach a file outside /assets/ or come back as markup.
 */
describe.each(BACKENDS)('hostile input on $name', (backend) => {
  let dir: string;
  let reader: ArchiveReader;
  let server: TestServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rec-serve-'));
    const database = await backend.archive(dir, [...DATA_SET, ...HOSTILE]);
    const assets = join(dir, 'assets');
    mkdirSync(join(assets, 'icons'), { recursive: true });
    writeFileSync(join(assets, 'app.js'), 'console.log("app");\n');
    writeFileSync(join(assets, 'icons', 'play.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(assets, '.secret.js'), 'DOTFILE-SECRET');
    writeFileSync(join(assets, 'notes.sh'), 'echo no type');
    writeFileSync(join(dir, 'outside.js'), 'OUTSIDE');
    reader = backend.reader(database);
    server = await startTestServer(reader, { assets: new AssetCatalogue(assets) });
  });

  afterAll(async () => {
    await server?.close();
    await reader?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    '"unbalanced',
    'AND',
    'OR OR',
    '*',
    '-refund',
    'NEAR(',
    'refund)',
    'summary:',
    'nosuchcolumn:refund',
    "'; DROP TABLE recordings; --",
    '1 OR 1=1',
    '%00',
    '\u0000refund',
    'réservation ünïcödé 予約',
    '🙂',
    '^',
    '\\',
  ])('search_text=%j is searched, never an error', async (text) => {
    const answer = await server.get(`/api/v1/recordings?search_text=${encodeURIComponent(text)}`);
    expect(answer.status, answer.text).toBe(200);
    expect(typeof answer.json().total).toBe('number');
  });

  test('the archive is as it was after all of it', async () => {
    const answer = await server.get('/api/v1/recordings?limit=100');
    expect(answer.json().total).toBe(DATA_SET.length + HOSTILE.length);
  });

  test('a query beyond what a search may cost is a 400 naming the limit, on the API and the page; one at the limits is answered', async () => {
    // As a form sends them (spaces as `+`): within what the server reads of a request.
    const param = (text: string) => new URLSearchParams({ search_text: text }).toString();
    for (const [text, message, hint] of HOSTILE_QUERIES) {
      const answer = await server.get(`/api/v1/recordings?${param(text)}`);
      expect(answer.status, message).toBe(400);
      expect(answer.json()).toEqual({ error: { code: 'bad_request', message: `search_text ${message}`, hint } });
      const exported = await server.get(`/api/v1/export?format=csv&${param(text)}`);
      expect(exported.status, message).toBe(400);
    }
    const page = await server.get(`/?${param(HOSTILE_QUERIES[0]![0])}`);
    expect(page.status).toBe(400);
    expect(page.text).toContain('search_text is too long: 10,001 characters, at most 1,000');
    const atLimits = await server.get(`/api/v1/recordings?${param(AT_THE_LIMITS)}`);
    expect(atLimits.status, atLimits.text).toBe(200);
    expect(atLimits.json().recordings.map((r: { id: string }) => r.id).sort()).toEqual(['rec-1', 'rec-2', 'rec-3', 'rec-markup']);
  });

  test('long values are answered; a request larger than the server reads is refused, and the server goes on', async () => {
    expect((await server.get(`/api/v1/recordings?phone_number=${'9'.repeat(5000)}`)).status).toBe(200);
    expect((await server.get(`/api/v1/recordings/${'x'.repeat(5000)}`)).status).toBe(404);
    expect((await server.get(`/api/v1/recordings?topic=${'t'.repeat(5000)}`)).status).toBe(200);
    const huge = await server.get(`/api/v1/recordings?search_text=${'a'.repeat(100_000)}`);
    expect(huge.status).toBe(431);
    expect((await server.get('/api/v1/recordings', { 'X-Padding': 'p'.repeat(100_000) })).status).toBe(431);
    expect((await server.get('/api/v1/status')).status).toBe(200);
  });

  test('ids with markup, quotes, line breaks and NUL are looked up as text', async () => {
    for (const id of ['%3Cscript%3E', "rec-1'%20OR%20'1'='1", 'rec-1%0d%0aSet-Cookie:%20x=1', '%00', '..%2f..%2fetc%2fpasswd', '%E2%80%AE']) {
      const answer = await server.get(`/api/v1/recordings/${id}`);
      expect(answer.status, id).toBe(404);
      expect(answer.headers['set-cookie']).toBeUndefined();
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    }
  });

  test('stored markup comes back as JSON text, never as a page', async () => {
    const answer = await server.get('/api/v1/recordings/rec-markup');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    const body = answer.json();
    expect(body.from.name).toBe(MARKUP);
    expect(body.transcript.segments[1].text).toBe('Host: "quoted" & <b>bold</b> \u202eevil\u202c'.slice('Host: '.length));
    // Bidi overrides travel escaped, as the CLI prints them.
    expect(answer.text).toContain('\\u202e');
    const search = await server.get('/api/v1/recordings?search_text=refund&direction=inbound');
    expect(search.json().recordings.find((r: { id: string }) => r.id === 'rec-markup').from.name).toBe(MARKUP);
  });

  test.each([
    ['/assets/app.js', 200],
    ['/assets/icons/play.svg', 200],
    ['/assets/icons%2Fplay.svg', 200],
    ['/assets/../outside.js', 404],
    ['/assets/%2e%2e/outside.js', 404],
    ['/assets/..%2Foutside.js', 404],
    ['/assets/%2E%2E%2Foutside.js', 404],
    ['/assets/icons/../../outside.js', 404],
    ['/assets/icons/..%5C..%5Coutside.js', 404],
    ['/assets//etc/passwd', 404],
    ['/assets/%2Fetc%2Fpasswd', 404],
    ['/assets/app.js%00.svg', 404],
    ['/assets/.secret.js', 404],
    ['/assets/notes.sh', 404],
    ['/assets/', 404],
    ['/assets/%', 404],
    ['/assets/app.js/', 404],
  ])('GET %s is %i, never a file outside the assets', async (path, status) => {
    const answer = await send(server.url, path);
    expect(answer.status).toBe(status);
    expect(answer.text).not.toContain('OUTSIDE');
    expect(answer.text).not.toContain('DOTFILE-SECRET');
    expect(answer.text).not.toContain('root:');
  });

  test('assets carry their type, an ETag and caching headers: revalidated by default, kept a year under their digest', async () => {
    const assets = new AssetCatalogue(join(dir, 'assets'));
    expect(assets.names()).toEqual(['app.js', 'icons/play.svg']);
    const first = await server.get('/assets/app.js');
    expect(first.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const again = await server.get('/assets/app.js', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const url = assets.url('app.js');
    expect(url).toBe(`/assets/app.js?v=${etag.slice(1, -1)}`);
    const versioned = await server.get(url);
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await server.get('/assets/app.js?v=old')).headers['cache-control']).toBe('no-cache');
  });
});
