import { chmodSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ArchiveReader } from '../../src/query/reader.js';
import { securitySettings } from '../../src/serve/options.js';
import { ServeOptionError } from '../../src/serve/options-error.js';
import { CONTENT_SECURITY_POLICY } from '../../src/serve/security/headers.js';
import { TokenSet } from '../../src/serve/security/tokens.js';
import { cli } from '../helpers/run-cli.js';
import { DATA_SET } from '../query/data-set.js';
import { BACKENDS } from './backends.js';
import { type TestServer, expectPageLayout, send, startTestServer } from './http.js';

const ALICE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const BARE = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA';

/**
 * The security rules of `serve` (docs/cli.md, "`recordings serve`"): which options it refuses to
 * start with, the Host check against DNS rebinding, the forwarded-header rule, bearer tokens and the
 * sign-in cookie, and the headers every answer carries.
 */
describe.each(BACKENDS)('security on $name', (backend) => {
  let dir: string;
  let database: string;
  let tokenFile: string;
  const readers: ArchiveReader[] = [];
  const servers: TestServer[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rec-serve-'));
    database = await backend.archive(dir, DATA_SET);
    tokenFile = join(dir, 'tokens');
    writeFileSync(tokenFile, `# who may read the archive\nalice:${ALICE}\n\n${BARE}\n`, { mode: 0o600 });
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const reader of readers) await reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function server(options: Parameters<typeof startTestServer>[1] = {}): Promise<TestServer> {
    const reader = backend.reader(database);
    readers.push(reader);
    const started = await startTestServer(reader, options);
    servers.push(started);
    return started;
  }

  const auditEntries = async () =>
    (JSON.parse((await cli(['audit', '--json'], { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), RECORDINGS_DB: database })).stdout) as {
      entries: { action: string; actor: string; details: Record<string, unknown> }[];
    }).entries;

  describe('the Host header, on loopback without tokens', () => {
    let local: TestServer;
    beforeAll(async () => {
      local = await server();
    });

    test.each(['127.0.0.1', 'localhost', '[::1]', '127.0.0.1:{port}', 'localhost:{port}', '[::1]:{port}', 'LOCALHOST:{port}', 'localhost.:{port}'])('Host: %s is served', async (host) => {
      const answer = await local.get('/api/v1/status', { Host: host.replace('{port}', String(local.port)) });
      expect(answer.status).toBe(200);
    });

    test.each(['evil.example', 'evil.example:{port}', '127.0.0.1.evil.example', 'localhost.evil.example', '10.0.0.5:{port}', '[::2]:{port}', 'a b', '127.0.0.1:{port}@evil.example'])(
      'Host: %s is refused with 400 (DNS rebinding)',
      async (host) => {
        const answer = await local.get('/api/v1/recordings', { Host: host.replace('{port}', String(local.port)) });
        expect(answer.status).toBe(400);
        expect(answer.json().error.code).toBe('bad_request');
        expect(answer.text).not.toContain('rec-1');
      },
    );

    test('a request without Host, or with a request line naming another host, is refused', async () => {
      const noHost = await send(local.url, '/api/v1/recordings', { setHost: false });
      expect(noHost.status).toBe(400);
      const absolute = await send(local.url, 'http://evil.example/api/v1/recordings', { headers: { Host: `127.0.0.1:${local.port}` } });
      expect(absolute.status).toBe(400);
      expect(absolute.text).not.toContain('rec-1');
    });

    test.each([
      ['X-Forwarded-For', '203.0.113.9'],
      ['X-Forwarded-Host', '127.0.0.1'],
      ['X-Forwarded-Proto', 'https'],
      ['Forwarded', 'for=203.0.113.9;host=127.0.0.1'],
      ['X-Real-IP', '203.0.113.9'],
    ])('a request carrying %s came through a proxy: 403 without tokens, even with Host 127.0.0.1', async (name, value) => {
      for (const path of ['/api/v1/recordings', '/', '/api/v1/export']) {
        const answer = await local.get(path, { [name]: value });
        expect(answer.status, path).toBe(403);
        expect(answer.json().error.code).toBe('forbidden');
      }
    });

    test('every request is the actor local', async () => {
      await local.get('/api/v1/export?format=ndjson&limit=1');
      expect((await auditEntries()).find((e) => e.action === 'export' && e.details.via === 'serve')?.actor).toBe('local');
    });
  });

  describe('tokens', () => {
    let guarded: TestServer;
    beforeAll(async () => {
      guarded = await server({ tokenFile });
    });

    test.each([
      ['no Authorization', {}],
      ['a wrong token', { Authorization: 'Bearer 00000000000000000000000000000000' }],
      ['a token cut short', { Authorization: `Bearer ${ALICE.slice(0, -1)}` }],
      ['a token with more', { Authorization: `Bearer ${ALICE}0` }],
      ['the name, not the token', { Authorization: 'Bearer alice' }],
      ['another scheme', { Authorization: `Basic ${Buffer.from(`alice:${ALICE}`).toString('base64')}` }],
      ['a bare token without a scheme', { Authorization: ALICE }],
      ['a cookie with a wrong token', { Cookie: 'recordings_token=00000000000000000000000000000000' }],
    ] as [string, Record<string, string>][])('%s is 401 unauthorized', async (_, headers) => {
      for (const path of ['/api/v1/recordings', '/api/v1/status', '/api/v1/recordings/rec-1', '/api/v1/recordings/rec-1/stream', '/api/v1/stats', '/api/v1/export', '/api/v1/nothing']) {
        const answer = await guarded.get(path, headers);
        expect(answer.status, path).toBe(401);
        expect(answer.headers['www-authenticate']).toBe('Bearer realm="recordings"');
        expect(answer.json().error.code).toBe('unauthorized');
        expect(answer.text).not.toContain('rec-1"');
      }
    });

    test('a valid token opens every route; its name is the actor of the audit log', async () => {
      const answer = await guarded.get('/api/v1/recordings', { Authorization: `Bearer ${ALICE}` });
      expect(answer.status).toBe(200);
      expect(answer.json().total).toBe(DATA_SET.length);
      expect((await guarded.get('/api/v1/recordings', { Authorization: `bearer  ${BARE}` })).status).toBe(200);
      await guarded.get('/api/v1/export?format=csv&limit=2', { Authorization: `Bearer ${ALICE}` });
      await guarded.get('/api/v1/export?format=json&limit=1', { Authorization: `Bearer ${BARE}` });
      const exports = (await auditEntries()).filter((e) => e.action === 'export' && e.details.via === 'serve');
      expect(exports.find((e) => e.details.format === 'csv')).toMatchObject({ actor: 'alice', details: { rows: 2 } });
      expect(exports.find((e) => e.details.format === 'json')).toMatchObject({ actor: 'line-4', details: { rows: 1 } });
      expect(JSON.stringify(exports)).not.toContain(ALICE);
    });

    test('with tokens, a request through a proxy is served', async () => {
      const answer = await guarded.get('/api/v1/status', { Authorization: `Bearer ${ALICE}`, 'X-Forwarded-For': '203.0.113.9', 'X-Forwarded-Proto': 'https' });
      expect(answer.status).toBe(200);
    });

    test('a page without a token is the sign-in form; signing in sets an HttpOnly, SameSite=Strict cookie that opens the page and the API', async () => {
      const form = await guarded.get('/?search_text=refund');
      expect(form.status).toBe(401);
      expect(form.headers['content-type']).toMatch(/^text\/html/);
      expect(form.text).toContain('<form method="post" action="/sign-in">');
      expect(form.text).toContain('name="next" value="/?search_text=refund"');
      // In the page's layout, without the navigation that would only lead back here.
      expectPageLayout(form);
      expect(form.text).toContain('<h1 id="sign-in-heading">Sign in</h1>');
      expect(form.text).toContain('<label for="sign-in-token">Token</label>');
      expect(form.text).not.toContain('class="top-nav"');
      expectPageLayout(await guarded.get('/sign-in'));

      const wrong = await send(guarded.url, '/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'token=nope&next=%2F' });
      expect(wrong.status).toBe(401);
      expect(wrong.headers['set-cookie']).toBeUndefined();
      expect(wrong.text).toContain('<div class="notice notice-error" role="alert">That token is not valid.</div>');
      expectPageLayout(wrong);

      const right = await send(guarded.url, '/sign-in', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: guarded.url.slice(0, -1) },
        body: `token=${ALICE}&next=${encodeURIComponent('/?search_text=refund')}`,
      });
      expect(right.status).toBe(303);
      expect(right.headers.location).toBe('/?search_text=refund');
      const cookie = String(right.headers['set-cookie']);
      expect(cookie).toMatch(/^recordings_token=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/);
      const pair = cookie.split(';')[0]!;
      expect((await guarded.get('/', { Cookie: pair })).status).toBe(200);
      expect((await guarded.get('/api/v1/recordings', { Cookie: pair })).status).toBe(200);

      const signOut = await send(guarded.url, '/sign-out', { method: 'POST', headers: { Cookie: pair } });
      expect(signOut.status).toBe(303);
      expect(String(signOut.headers['set-cookie'])).toMatch(/^recordings_token=; Max-Age=0; Path=\//);
    });

    test.each([
      ['X-Forwarded-Proto', 'https', true],
      ['Forwarded', 'for=203.0.113.9;proto=https;host=recordings.example.com', true],
      ['X-Forwarded-Proto', 'http', false],
      ['Forwarded', 'for=203.0.113.9;proto=http', false],
    ])('behind a proxy that says %s: %s, the cookie is Secure: %s', async (name, value, secure) => {
      const answer = await send(guarded.url, '/sign-in', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', [name]: value },
        body: `token=${ALICE}`,
      });
      expect(answer.status).toBe(303);
      expect(String(answer.headers['set-cookie']).includes('; Secure')).toBe(secure);
    });

    test('a sign-out posted from another site is refused; a form larger than a token needs is refused', async () => {
      for (const headers of [{ Origin: 'http://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }] as Record<string, string>[]) {
        const answer = await send(guarded.url, '/sign-out', { method: 'POST', headers: { Cookie: `recordings_token=${ALICE}`, ...headers } });
        expect(answer.status).toBe(403);
        expect(answer.headers['set-cookie']).toBeUndefined();
      }
      const huge = await send(guarded.url, '/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `token=${'x'.repeat(10_000)}` });
      expect(huge.status).toBe(400);
      expect(huge.headers['set-cookie']).toBeUndefined();
      expect((await guarded.get('/api/v1/status', { Authorization: `Bearer ${ALICE}` })).status).toBe(200);
    });

    test('a sign-in posted from another site is refused, and nowhere but this server is a place to go after it', async () => {
      for (const headers of [{ Origin: 'http://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }] as Record<string, string>[]) {
        const answer = await send(guarded.url, '/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: `token=${ALICE}` });
        expect(answer.status).toBe(403);
        expect(answer.headers['set-cookie']).toBeUndefined();
      }
      for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/ok path']) {
        const answer = await send(guarded.url, '/sign-in', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: `token=${ALICE}&next=${encodeURIComponent(next)}`,
        });
        expect(answer.headers.location, next).toBe('/');
      }
    });

    test('the sign-in form escapes what it echoes', async () => {
      const answer = await guarded.get('/sign-in?next=%2F%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E');
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain('<script>');
      expect(answer.text).toContain('value="/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    });

    test('assets need no token (the sign-in form may use them)', async () => {
      expect((await guarded.get('/assets/favicon.svg')).status).toBe(200);
    });
  });

  describe('a token file that changes while the server runs', () => {
    const BOB = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
    const CAROL = 'ca201ca201ca201ca201ca201ca201ca';
    let file: string;
    let live: TestServer;
    const status = async (token: string) => (await live.get('/api/v1/status', { Authorization: `Bearer ${token}` })).status;
    const write = (text: string) => writeFileSync(file, text, { mode: 0o600 });

    beforeAll(async () => {
      file = join(dir, 'live-tokens');
      write(`alice:${ALICE}\n`);
      live = await server({ tokenFile: file });
    });

    test('a token added is accepted, and one revoked refused, from the very next request, without a restart', async () => {
      expect(await status(ALICE)).toBe(200);
      expect(await status(BOB)).toBe(401);
      write(`alice:${ALICE}\nbob:${BOB}\n`);
      expect(await status(BOB)).toBe(200);
      // Revoked with a token of the same length at once: same size, perhaps the same clock tick.
      write(`carol:${CAROL}\nbob:${BOB}\n`);
      expect(await status(ALICE)).toBe(401);
      expect(await status(CAROL)).toBe(200);
      // The sign-in cookie of a revoked token stops working too: the page asks to sign in again.
      const page = await live.get('/', { Cookie: `recordings_token=${ALICE}` });
      expect(page.status).toBe(401);
      expect(page.text).toContain('action="/sign-in"');
      expect((await send(live.url, '/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `token=${ALICE}` })).status).toBe(401);
      // A file replaced by a rename, as editors and configuration tools write it.
      writeFileSync(`${file}.new`, `alice:${ALICE}\n`, { mode: 0o600 });
      renameSync(`${file}.new`, file);
      expect(await status(ALICE)).toBe(200);
      expect(await status(BOB)).toBe(401);
      expect(live.logged.filter((line) => line.includes('changed'))).toHaveLength(3);
      expect(live.logged.join('\n')).not.toMatch(new RegExp(`${ALICE}|${BOB}|${CAROL}`));
    });

    test.each([
      ['a token too short', () => write(`alice:${ALICE}\nbob:short\n`), /, line 2: the token is shorter than 16 characters; the 1 token read before stays in force$/],
      ['no token left (a half-written edit)', () => write(''), /holds no token; the 1 token read before stays in force$/],
      ['readable by every user', () => chmodSync(file, 0o644), /can be read or written by every user of this machine; the 1 token read before stays in force$/],
      ['gone', () => rmSync(file), /: no such file; the 1 token read before stays in force$/],
    ] as [string, () => void, RegExp][])('a file become invalid (%s) keeps the tokens read before and logs one line, never a token', async (_, spoil, line) => {
      write(`alice:${ALICE}\n`);
      expect(await status(ALICE)).toBe(200);
      const before = live.logged.length;
      spoil();
      for (let i = 0; i < 3; i++) expect(await status(ALICE)).toBe(200);
      expect(await status(BOB)).toBe(401);
      const added = live.logged.slice(before);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatch(line);
      expect(added.join('\n')).not.toMatch(new RegExp(`${ALICE}|${BOB}`));
      // Put right, it is read again.
      write(`bob:${BOB}\n`);
      chmodSync(file, 0o600);
      expect(await status(BOB)).toBe(200);
      expect(await status(ALICE)).toBe(401);
    });
  });

  describe('--public-host and addresses other than loopback', () => {
    test('a name given with --public-host is served (with a token); other names are not', async () => {
      const proxied = await server({ publicHosts: ['recordings.example.com'], tokenFile });
      const auth = { Authorization: `Bearer ${ALICE}` };
      expect((await proxied.get('/api/v1/status', { ...auth, Host: 'recordings.example.com' })).status).toBe(200);
      expect((await proxied.get('/api/v1/status', { ...auth, Host: 'Recordings.Example.com:443', 'X-Forwarded-For': '203.0.113.9' })).status).toBe(200);
      expect((await proxied.get('/api/v1/status', { ...auth, Host: `127.0.0.1:${proxied.port}` })).status).toBe(200);
      expect((await proxied.get('/api/v1/status', { ...auth, Host: 'other.example.com' })).status).toBe(400);
      expect((await proxied.get('/api/v1/status', { Host: 'recordings.example.com' })).status).toBe(401);
    });

    test('on every interface without a public host, any Host is served, since a token is needed', async () => {
      const open = await server({ host: '0.0.0.0', tokenFile });
      expect((await open.get('/api/v1/status', { Authorization: `Bearer ${ALICE}`, Host: 'recordings-box.lan:8080' })).status).toBe(200);
      expect((await open.get('/api/v1/status', { Host: 'recordings-box.lan:8080' })).status).toBe(401);
    });
  });

  test('every answer carries the Content-Security-Policy and the other security headers; data is never cached', async () => {
    const local = await server();
    const guarded = await server({ tokenFile });
    const answers = [
      await local.get('/'),
      await local.get('/api/v1/recordings'),
      await local.get('/api/v1/recordings/nope'),
      await local.get('/api/v1/recordings?limit=0'),
      await local.get('/api/v1/export?limit=1'),
      await local.get('/nowhere'),
      await local.get('/api/v1/status', { Host: 'evil.example' }),
      await local.get('/api/v1/status', { 'X-Forwarded-For': '1.2.3.4' }),
      await guarded.get('/api/v1/status'),
      await guarded.get('/'),
    ];
    for (const answer of answers) {
      expect(answer.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      expect(answer.headers['cache-control']).toBe('no-store');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });
});

describe('the options serve refuses to start with (exit 2) (no archive)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rec-serve-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const refused = async (options: Parameters<typeof securitySettings>[0]) => {
    try {
      await securitySettings(options);
    } catch (error) {
      expect(error).toBeInstanceOf(ServeOptionError);
      return (error as ServeOptionError).message;
    }
    throw new Error('not refused');
  };
  const file = (name: string, text: string, mode = 0o600) => {
    const path = join(dir, name);
    writeFileSync(path, text, { mode });
    chmodSync(path, mode);
    return path;
  };

  test.each(['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2'])('--host %s is loopback: no token needed', async (host) => {
    expect((await securitySettings({ host, port: 0, publicHosts: [] })).tokens).toBeNull();
  });

  test.each(['0.0.0.0', '::', '192.168.1.5', 'recordings.lan'])('--host %s without --token-file', async (host) => {
    expect(await refused({ host, port: 0, publicHosts: [] })).toBe(`--host ${host} is reachable from other machines: serving there needs --token-file`);
  });

  test('--public-host without --token-file, even on loopback', async () => {
    expect(await refused({ host: '127.0.0.1', port: 0, publicHosts: ['recordings.example.com'] })).toMatch(/^--public-host needs --token-file/);
  });

  test.each([['', '--host'], ['not an address!', '--host']])('a --host that is no address (%j)', async (host) => {
    expect(await refused({ host, port: 0, publicHosts: [] })).toMatch(/is not an address$/);
  });

  test.each(['https://recordings.example.com', 'recordings.example.com:443', 'two words'])('--public-host %s is no host name', async (name) => {
    expect(await refused({ host: '127.0.0.1', port: 0, publicHosts: [name], tokenFile: file('ok', `alice:${ALICE}\n`) })).toMatch(/is not a host name$/);
  });

  test.each([
    ['a file that is not there', () => join(dir, 'missing'), /cannot read --token-file .*: no such file$/],
    ['a file every user can read', () => file('open', `alice:${ALICE}\n`, 0o644), /can be read or written by every user/],
    ['no token at all', () => file('empty', '# nothing yet\n\n'), /holds no token$/],
    ['a short token', () => file('short', 'alice:abc123\n'), /line 1: the token is shorter than 16 characters$/],
    ['a token with a space', () => file('space', `alice:${ALICE} ${ALICE}\n`), /line 1: the token holds a space$/],
    ['the same token twice', () => file('twice', `alice:${ALICE}\nbob:${ALICE}\n`), /line 2: the same token as line 1$/],
    ['the same name twice', () => file('names', `alice:${ALICE}\nalice:${BARE}\n`), /line 2: the name 'alice' is used on line 1 too$/],
    ['a name with odd characters', () => file('odd', `al ice:${ALICE}\n`), /line 1: a token's name is letters/],
  ] as [string, () => string, RegExp][])('--token-file with %s', async (_, path, message) => {
    const text = await refused({ host: '0.0.0.0', port: 0, publicHosts: [], tokenFile: path() });
    expect(text).toMatch(message);
    expect(text).not.toContain(ALICE);
    expect(text).not.toContain(BARE);
  });

  test('a token file with names, bare tokens, comments and CRLF line ends', async () => {
    const settings = await securitySettings({ host: '0.0.0.0', port: 0, publicHosts: [], tokenFile: file('good', `# tokens\r\nalice:${ALICE}\r\n\r\n  ${BARE}  \r\n`) });
    expect(settings.tokens?.size).toBe(2);
    expect(settings.tokens?.match(ALICE)).toBe('alice');
    expect(settings.tokens?.match(BARE)).toBe('line-4');
    expect(settings.tokens?.match(`${ALICE} `)).toBeNull();
  });
});

test('TokenSet names the token that matches, and nothing for anything else', () => {
  const tokens = new TokenSet([
    { name: 'alice', token: ALICE },
    { name: 'bob', token: BARE },
  ]);
  expect(tokens.match(ALICE)).toBe('alice');
  expect(tokens.match(BARE)).toBe('bob');
  for (const other of ['', ALICE.toUpperCase(), ALICE.slice(1), `${BARE}\n`, 'x'.repeat(100_000)]) expect(tokens.match(other)).toBeNull();
});
