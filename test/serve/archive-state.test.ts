import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { ArchiveReader } from '../../src/query/reader.js';
import { cli } from '../helpers/run-cli.js';
import { DATA_SET } from '../query/data-set.js';
import { BACKENDS, POSTGRES } from './backends.js';
import { type TestServer, expectPageLayout, startTestServer } from './http.js';
import { freePort } from '../helpers/free-port.js';

/**
 * Before the first sync `serve` runs anyway (docs/cli.md, "Which archive"): the API answers 503
 * `unavailable`, `/api/v1/status` says what `status` says, and once a sync has made the archive the
 * same server serves it. An unexpected failure is a 500 that says nothing of its cause.
 */
describe.each(BACKENDS)('the archive’s state on $name', (backend) => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function serverOn(database: string, wrap?: (reader: ArchiveReader) => ArchiveReader): Promise<{ dir: string; server: TestServer }> {
    const dir = mkdtempSync(join(tmpdir(), 'rec-serve-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const reader = backend.reader(database);
    cleanup.push(() => reader.close());
    const server = await startTestServer(wrap ? wrap(reader) : reader);
    cleanup.push(() => server.close());
    return { dir, server };
  }

  test('no archive yet: 503 unavailable from every route but status, which says what status says; nothing is created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rec-serve-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const database = await backend.missing(dir);
    const { server } = await serverOn(database);
    for (const path of ['/api/v1/recordings', '/api/v1/recordings?search_text=refund', '/api/v1/recordings/rec-1', '/api/v1/stats', '/api/v1/export', '/api/v1/export?format=json']) {
      const answer = await server.get(path);
      expect(answer.status, path).toBe(503);
      expect(answer.json().error).toMatchObject({ code: 'unavailable', message: 'there is no archive yet: the first sync creates it' });
    }
    const status = await server.get('/api/v1/status');
    expect(status.status).toBe(200);
    const printed = await cli(['status', '--json'], { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), RECORDINGS_DB: database });
    expect(printed.exitCode).toBe(0);
    expect(status.text).toBe(printed.stdout);
    expect(status.json().database.exists).toBe(false);
    // Bad parameters are still 400: they are checked before the archive is looked for.
    expect((await server.get('/api/v1/recordings?limit=0')).status).toBe(400);
    // The page says so too, with what to run (503, like the API).
    for (const path of ['/', '/stats', '/recordings/rec-1']) {
      const page = await server.get(path);
      expect(page.status, path).toBe(503);
      expect(page.text).toContain('No archive yet');
      expect(page.text).toContain('recordings sync');
      expectPageLayout(page);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  test('the archive a sync creates after the start is served by the same server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rec-serve-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const { server } = await serverOn(await backend.missing(dir));
    expect((await server.get('/api/v1/recordings')).status).toBe(503);
    await backend.archive(dir, DATA_SET);
    const answer = await server.get('/api/v1/recordings');
    expect(answer.status).toBe(200);
    expect(answer.json().total).toBe(DATA_SET.length);
    expect((await server.get('/api/v1/status')).json().database.exists).toBe(true);
  });

  test('a file that is not an archive is 503 unavailable, saying what is wrong with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rec-serve-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const database = join(dir, 'recordings.db');
    writeFileSync(database, 'not a database, but some text long enough to look like a file');
    const { server } = await serverOn(database);
    const answer = await server.get('/api/v1/recordings');
    expect(answer.status).toBe(503);
    expect(answer.json().error.code).toBe('unavailable');
    expect(answer.json().error.message).toContain('is not a recordings database');
  });

  test('an unexpected failure is 500 internal, with neither its message nor a stack trace; the server logs it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rec-serve-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const database = await backend.archive(dir, DATA_SET);
    const failing = (reader: ArchiveReader): ArchiveReader => ({
      ...reader,
      search: async () => {
        throw new Error('secret detail at /var/lib/recordings.db');
      },
    });
    const { server } = await serverOn(database, failing);
    const answer = await server.get('/api/v1/recordings?search_text=refund');
    expect(answer.status).toBe(500);
    expect(answer.json()).toEqual({ error: { code: 'internal', message: 'unexpected failure: the server logged it' } });
    expect(answer.text).not.toContain('secret');
    expect(answer.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(server.logged).toEqual(['GET /api/v1/recordings: secret detail at /var/lib/recordings.db']);
    // A page that fails so is a 500 page in the page's layout, which says only that.
    const page = await server.get('/?search_text=refund');
    expect(page.status).toBe(500);
    expectPageLayout(page);
    expect(page.text).toContain('<h1 id="message-heading">Something went wrong</h1>');
    expect(page.text).toContain('Unexpected failure: the server logged it.');
    expect(page.text).not.toContain('secret');
    expect(server.logged).toHaveLength(2);
  });
});

describe('the archive’s server unreachable (PostgreSQL)', () => {
  test('503 unavailable from the API and a page in the layout that says so; the password is never shown; status says it too', async () => {
    const port = await freePort();
    const reader = POSTGRES.reader(`postgres://support:s3cret-pass@127.0.0.1:${port}/recordings`);
    const server = await startTestServer(reader);
    try {
      for (const path of ['/api/v1/recordings?search_text=refund', '/api/v1/recordings/rec-1', '/api/v1/stats', '/api/v1/export']) {
        const answer = await server.get(path);
        expect(answer.status, path).toBe(503);
        expect(answer.json().error.code).toBe('unavailable');
        expect(answer.text).not.toContain('s3cret');
      }
      const page = await server.get('/?search_text=refund');
      expect(page.status).toBe(503);
      expectPageLayout(page);
      expect(page.text).toContain('The archive is unavailable');
      expect(page.text).not.toContain('s3cret');
      const status = await server.get('/api/v1/status');
      expect([200, 503]).toContain(status.status);
      expect(status.text).not.toContain('s3cret');
      expect(server.logged.join('\n')).not.toContain('s3cret');
    } finally {
      await server.close();
      await reader.close();
    }
  });
});
