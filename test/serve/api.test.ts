import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ArchiveReader } from '../../src/query/reader.js';
import { cli } from '../helpers/run-cli.js';
import { DATA_SET } from '../query/data-set.js';
import { BACKENDS } from './backends.js';
import { type TestServer, send, startTestServer } from './http.js';

/**
 * Every route, filter and error of the API (docs/cli.md, "`recordings serve`") against a real server
 * on 127.0.0.1, each answer checked against what the command prints for the same filters: the API
 * answers exactly what `--json` prints, and the export the same bytes.
 */
describe.each(BACKENDS)('the API on $name', (backend) => {
  let dir: string;
  let database: string;
  let env: Record<string, string>;
  let reader: ArchiveReader;
  let server: TestServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rec-serve-'));
    database = await backend.archive(dir, DATA_SET);
    env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache'), RECORDINGS_DB: database };
    reader = backend.reader(database);
    server = await startTestServer(reader);
  });

  afterAll(async () => {
    await server?.close();
    await reader?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function sameAsCli(path: string, args: string[]): Promise<void> {
    const answer = await server.get(path);
    const printed = await cli(args, env);
    expect(printed.exitCode, `${args.join(' ')}: ${printed.stderr}`).toBe(0);
    expect(answer.status, `${path}: ${answer.text}`).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.text, path).toBe(printed.stdout);
  }

  test.each([
    ['', []],
    ['search_text=reservation', ['--text', 'reservation']],
    ['search_text=reservations&direction=inbound', ['--text', 'reservations', '--direction', 'inbound']],
    ['search_text=refund+OR+catering', ['--text', 'refund OR catering']],
    ['search_text=%22party+of+six%22', ['--text', '"party of six"']],
    ['search_text=reserv*&sort=newest', ['--text', 'reserv*', '--sort', 'newest']],
    ['phone_number=0100', ['--phone', '0100']],
    ['phone_number=%2B1+(415)+555-0100', ['--phone', '+1 (415) 555-0100']],
    ['phone_number=020+7183+8750', ['--phone', '020 7183 8750']],
    ['from=2026-11-21&to=2026-11-21', ['--from', '2026-11-21', '--to', '2026-11-21']],
    ['from=2026-11-21T09:00:00Z', ['--from', '2026-11-21T09:00:00Z']],
    ['direction=OUTBOUND', ['--direction', 'outbound']],
    ['has_transcript=true', ['--has-transcript']],
    ['has_transcript=false', ['--no-transcript']],
    ['status=pending', ['--status', 'pending']],
    ['sentiment=Negative', ['--sentiment', 'negative']],
    ['topic=reservation', ['--topic', 'reservation']],
    ['sort=oldest&limit=2&offset=1', ['--sort', 'oldest', '--limit', '2', '--offset', '1']],
    ['limit=1&offset=10', ['--limit', '1', '--offset', '10']],
    ['search_text=nothingmatchesthis', ['--text', 'nothingmatchesthis']],
  ])('GET /api/v1/recordings?%s is search %j --json', async (query, args) => {
    await sameAsCli(`/api/v1/recordings?${query}`, ['search', ...args, '--json']);
  });

  test('an empty parameter is no filter, as an HTML form sends it', async () => {
    await sameAsCli('/api/v1/recordings?search_text=&phone_number=&from=&to=&direction=&has_transcript=&status=&sentiment=&topic=&sort=&limit=&offset=', ['search', '--json']);
  });

  test.each(['rec-1', 'rec-4', 'c-transfer', 's-transfer', 'rec-6'])('GET /api/v1/recordings/%s is get --json', async (id) => {
    await sameAsCli(`/api/v1/recordings/${id}`, ['get', id, '--json']);
  });

  test('an unknown id is 404 not_found, as get exits 4', async () => {
    const answer = await server.get('/api/v1/recordings/no-such-id');
    expect(answer.status).toBe(404);
    expect(answer.json()).toEqual({
      error: { code: 'not_found', message: "no recording, call or session with id 'no-such-id' in the archive", hint: 'find ids with /api/v1/recordings' },
    });
    expect((await cli(['get', 'no-such-id'], env)).exitCode).toBe(4);
  });

  test.each([
    ['', []],
    ['from=2026-11-21', ['--from', '2026-11-21']],
    ['from=2026-11-20&to=2026-11-21', ['--from', '2026-11-20', '--to', '2026-11-21']],
    ['to=2026-11-01', ['--to', '2026-11-01']],
  ])('GET /api/v1/stats?%s is stats %j --json', async (query, args) => {
    await sameAsCli(`/api/v1/stats?${query}`, ['stats', ...args, '--json']);
  });

  test('GET /api/v1/status is status --json', async () => {
    const answer = await server.get('/api/v1/status');
    const printed = await cli(['status', '--json'], env);
    expect(answer.status).toBe(200);
    // The size of the database's files moves with every write (the audit log): all else is the same.
    const withoutSize = (text: string) => ({ ...JSON.parse(text), database: { ...JSON.parse(text).database, bytes: 0 } });
    expect(withoutSize(answer.text)).toEqual(withoutSize(printed.stdout));
    expect(answer.json().database.exists).toBe(true);
  });

  test.each([
    ['format=csv', ['--format', 'csv']],
    ['', []],
    ['format=json', ['--format', 'json']],
    ['format=ndjson', ['--format', 'ndjson']],
    ['format=csv&bom=true', ['--format', 'csv', '--bom']],
    ['format=json&search_text=nothingmatchesthis', ['--format', 'json', '--text', 'nothingmatchesthis']],
    ['format=ndjson&search_text=reservation&sort=relevance', ['--format', 'ndjson', '--text', 'reservation', '--sort', 'relevance']],
    ['direction=inbound&has_transcript=true&limit=1', ['--direction', 'inbound', '--has-transcript', '--limit', '1']],
  ])('GET /api/v1/export?%s is the bytes of export %j, as a download', async (query, args) => {
    const answer = await server.get(`/api/v1/export?${query}`);
    const printed = await cli(['export', ...args], env);
    expect(printed.exitCode).toBe(0);
    expect(answer.status).toBe(200);
    expect(answer.body.equals(Buffer.from(printed.stdout, 'utf8'))).toBe(true);
    const format = /format=(\w+)/.exec(query)?.[1] ?? 'csv';
    expect(answer.headers['content-type']).toBe(
      { csv: 'text/csv; charset=utf-8; header=present', json: 'application/json; charset=utf-8', ndjson: 'application/x-ndjson; charset=utf-8' }[format],
    );
    expect(answer.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="recordings-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ\\.${format}"$`));
  });

  test('an export is audited with the actor, the filters, the rows and that it was complete', async () => {
    await server.get('/api/v1/export?format=ndjson&direction=inbound&limit=3');
    const audit = JSON.parse((await cli(['audit', '--json'], env)).stdout) as { entries: { action: string; actor: string; details: Record<string, unknown> }[] };
    const entry = audit.entries.find((e) => e.action === 'export' && e.details.via === 'serve' && e.details.format === 'ndjson');
    expect(entry).toMatchObject({
      actor: 'local',
      details: { filters: { direction: 'inbound', limit: 3 }, format: 'ndjson', rows: 3, output: 'download', via: 'serve', complete: true },
    });
  });

  test('HEAD of an export answers its headers and exports nothing', async () => {
    const auditLength = async () => (JSON.parse((await cli(['audit', '--json'], env)).stdout) as { entries: unknown[] }).entries.length;
    const before = await auditLength();
    expect((await server.get('/api/v1/export?format=json')).status).toBe(200);
    // The export is audited once its last row is sent, which may be just after the client has it all.
    for (let wait = 0; wait < 50 && (await auditLength()) === before; wait++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await auditLength()).toBe(before + 1);
    const head = await send(server.url, '/api/v1/export?format=json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-type']).toBe('application/json; charset=utf-8');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await auditLength()).toBe(before + 1);
  });

  /** Each bad parameter is a 400 where the command exits 2, in words that name the parameter. */
  test.each([
    ['recordings?phone_number=12', ['search', '--phone', '12'], 'phone_number needs at least 4 digits'],
    ['recordings?from=yesterdayish', ['search', '--from', 'yesterdayish'], 'from: "yesterdayish" is not a date, date-time or duration'],
    ['recordings?to=2026-02-30', ['search', '--to', '2026-02-30'], 'to: "2026-02-30" is not a date, date-time or duration'],
    ['recordings?from=2026-11-22&to=2026-11-21', ['search', '--from', '2026-11-22', '--to', '2026-11-21'], 'from (2026-11-22) is not before to (2026-11-21)'],
    ['recordings?direction=sideways', ['search', '--direction', 'sideways'], 'direction: expected one of inbound, outbound'],
    ['recordings?status=done', ['search', '--status', 'done'], 'status: expected one of pending, ready, unavailable, not_licensed, skipped, failed'],
    ['recordings?sentiment=angry', ['search', '--sentiment', 'angry'], 'sentiment: expected one of positive, neutral, negative'],
    ['recordings?sort=best', ['search', '--sort', 'best'], 'sort: expected one of relevance, newest, oldest'],
    ['recordings?sort=relevance', ['search', '--sort', 'relevance'], 'sort=relevance needs search_text: without words to rank by there is no relevance'],
    ['recordings?limit=0', ['search', '--limit', '0'], 'limit: expected a number of at least 1'],
    ['recordings?limit=-5', ['search', '--limit', '-5'], 'limit: expected a whole number such as 50'],
    ['recordings?limit=ten', ['search', '--limit', 'ten'], 'limit: expected a whole number such as 50'],
    ['recordings?limit=99999999999999999999', ['search', '--limit', '99999999999999999999'], 'limit: the number is too large'],
    ['recordings?offset=1.5', ['search', '--offset', '1.5'], 'offset: expected a whole number such as 50'],
    ['stats?from=soon', ['stats', '--from', 'soon'], 'from: "soon" is not a date, date-time or duration'],
    ['export?format=xml', ['export', '--format', 'xml'], 'format: expected one of csv, json, ndjson'],
    ['export?has_transcript=maybe', null, 'has_transcript: expected one of true, false'],
    ['export?bom=yes', null, 'bom: expected one of true, false'],
    ['recordings?limit=1001', null, 'limit: at most 1000 recordings a page'],
    ['recordings?text=refund', null, "unknown parameter 'text'"],
    ['stats?direction=inbound', null, "unknown parameter 'direction'"],
    ['recordings?direction=inbound&direction=outbound', null, "'direction' is given more than once"],
  ] as [string, string[] | null, string][])('GET /api/v1/%s is 400: %s', async (path, args, message) => {
    const answer = await server.get(`/api/v1/${path}`);
    expect(answer.status).toBe(400);
    expect(answer.json().error).toMatchObject({ code: 'bad_request', message });
    if (args) expect((await cli(args, env)).exitCode).toBe(2);
  });

  test.each(['/api/v1/recordings?search_text=reservation', '/api/v1/recordings/rec-1', '/api/v1/stats', '/api/v1/status'])('HEAD %s answers the headers of GET, without a body', async (path) => {
    const [get, head] = [await server.get(path), await send(server.url, path, { method: 'HEAD' })];
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
  });

  test.each(['/api/v1/nothing', '/api/v2/recordings', '/api/v1/recordings/rec-1/nothing', '/api/v1/recordings/'])('%s is 404 not_found', async (path) => {
    const answer = await server.get(path);
    expect(answer.status).toBe(404);
    expect(answer.json().error.code).toBe('not_found');
  });

  test('no route changes anything: other methods are 404, and the archive is as it was', async () => {
    const before = (await server.get('/api/v1/recordings?limit=100')).text;
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      for (const path of ['/api/v1/recordings', '/api/v1/recordings/rec-1', '/api/v1/export', '/api/v1/status']) {
        const answer = await send(server.url, path, { method, headers: { 'Content-Type': 'application/json' }, body: '{"legalHold":true}' });
        expect(answer.status, `${method} ${path}`).toBe(404);
      }
    }
    expect((await server.get('/api/v1/recordings?limit=100')).text).toBe(before);
  });
});
