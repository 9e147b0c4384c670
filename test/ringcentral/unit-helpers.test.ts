import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanQuery, describePath } from '../../src/ringcentral/client.js';
import { groupForUrl } from '../../src/ringcentral/rate-limit-groups.js';
import { redact } from '../../src/ringcentral/redact.js';
import { readRateLimitHeaders, retryAfterMs } from '../../src/ringcentral/retry-after.js';
import { FileTokenStore, tokenStoreKey } from '../../src/ringcentral/token-store.js';
import { classifyTransientError, RequestTimeoutError } from '../../src/ringcentral/transient-errors.js';

describe('query cleaning (no archive)', () => {
  it('drops undefined and null, keeps arrays, stringifies the rest', () => {
    expect(cleanQuery({ a: undefined, b: null, c: 1, d: true, e: ['x', 'y'], f: 'z' })).toEqual({ c: '1', d: 'true', e: ['x', 'y'], f: 'z' });
    expect(cleanQuery({ a: undefined })).toBeUndefined();
    expect(describePath('https://h.example/restapi/v1.0/x?access=1')).toBe('/restapi/v1.0/x');
  });
});

describe('rate-limit groups (no archive)', () => {
  it.each([
    ['/restapi/oauth/token', 'Auth'],
    ['/restapi/v1.0/account/~/call-log', 'Heavy'],
    ['https://media.ringcentral.com/restapi/v1.0/account/1/recording/2/content', 'Heavy'],
    ['/ai/ringsense/v1/public/accounts/~/domains/pbx/records/1/insights', 'Light'],
    ['/restapi/v1.0/account/~/extension/~', 'Medium'],
    ['/restapi/v1.0/account/~/extension/~/authz-profile/check', 'Light'],
  ])('%s is %s', (url, group) => {
    expect(groupForUrl(url)).toBe(group);
  });
});

describe('headers (no archive)', () => {
  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('42', 0)).toBe(42_000);
    expect(retryAfterMs('1.5', 0)).toBe(1_500);
    expect(retryAfterMs(null, 0)).toBeNull();
    expect(retryAfterMs('soon', 0)).toBeNull();
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
  });

  it('reads X-Rate-Limit-*', () => {
    const headers = new Headers({ 'X-Rate-Limit-Group': 'heavy', 'X-Rate-Limit-Limit': '10', 'X-Rate-Limit-Remaining': '3', 'X-Rate-Limit-Window': '60' });
    expect(readRateLimitHeaders(headers)).toEqual({ group: 'heavy', limit: 10, remaining: 3, windowMs: 60_000 });
    expect(readRateLimitHeaders(new Headers())).toEqual({ group: null, limit: null, remaining: null, windowMs: null });
  });
});

describe('transient errors (no archive)', () => {
  it('classifies timeouts and dropped connections, not other errors', () => {
    expect(classifyTransientError(new RequestTimeoutError(30_000))).toEqual({ kind: 'timeout', detail: 'no answer within 30 s' });
    expect(classifyTransientError(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }))?.detail).toBe('ECONNRESET');
    expect(classifyTransientError(new Error('socket hang up'))?.kind).toBe('network');
    expect(classifyTransientError(new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }))?.detail).toBe('UND_ERR_SOCKET');
    expect(classifyTransientError(new TypeError('Cannot read properties of undefined'))).toBeNull();
    expect(classifyTransientError(new TypeError('fetch failed', { cause: new Error('unknown scheme') }))).toBeNull();
  });
});

describe('redaction (no archive)', () => {
  it('removes every secret', () => {
    expect(redact('secret-123456 and jwt-abcdef', ['secret-123456', 'jwt-abcdef', undefined])).toBe('[redacted] and [redacted]');
  });
});

describe('token store (no archive)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rec-'));
  const credentials = { server: 'https://platform.ringcentral.com', clientId: 'client', jwt: 'the-jwt' };

  it('keys sessions by server, client id and JWT without containing the JWT', () => {
    const key = tokenStoreKey(credentials);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(tokenStoreKey({ ...credentials, server: 'https://platform.ringcentral.com/' })).toBe(key);
    expect(tokenStoreKey({ ...credentials, server: 'http://127.0.0.1:9' })).not.toBe(key);
    expect(tokenStoreKey({ ...credentials, clientId: 'other' })).not.toBe(key);
    expect(tokenStoreKey({ ...credentials, jwt: 'another-jwt' })).not.toBe(key);
  });

  it('persists per account in a 0600 file and never mixes accounts', () => {
    const path = join(dir, 'state', 'tokens.json');
    const a = new FileTokenStore(path, 'account-a');
    const b = new FileTokenStore(path, 'account-b');
    a.setItem('rc-platform', JSON.stringify({ access_token: 'A', expire_time: Date.now() + 60_000 }));
    b.setItem('rc-platform', JSON.stringify({ access_token: 'B', expire_time: Date.now() + 60_000 }));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'state')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(new FileTokenStore(path, 'account-a').getItem('rc-platform') ?? '{}').access_token).toBe('A');
    expect(JSON.parse(b.getItem('rc-platform') ?? '{}').access_token).toBe('B');
    expect(a.keys()).toEqual(['rc-platform']);
    a.removeItem('rc-platform');
    expect(a.getItem('rc-platform')).toBeNull();
    expect(b.getItem('rc-platform')).not.toBeNull();
  });

  it('drops other accounts whose tokens are all expired, and survives a damaged file', () => {
    const path = join(dir, 'prune.json');
    new FileTokenStore(path, 'old').setItem('rc-platform', JSON.stringify({ expire_time: 1, refresh_token_expire_time: 2 }));
    new FileTokenStore(path, 'new').setItem('rc-platform', JSON.stringify({ expire_time: Date.now() + 1_000 }));
    expect(Object.keys((JSON.parse(readFileSync(path, 'utf8')) as { accounts: object }).accounts)).toEqual(['new']);
    writeFileSync(path, '{not json');
    expect(new FileTokenStore(path, 'new').getItem('rc-platform')).toBeNull();
  });
});
