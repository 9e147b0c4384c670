import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SPEC_PATH } from '../helpers/ringcentral-fixtures.js';

type Json = Record<string, unknown>;

const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as { paths: Record<string, Json>; components: Record<string, Json> };

/** Every local `$ref` under a value, with discriminator mappings. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push(child);
      else if (key === 'discriminator') found.push(...Object.values((child as { mapping?: Record<string, string> }).mapping ?? {}));
      else refsIn(child, found);
    }
  }
  return found;
}

function resolves(ref: string): boolean {
  if (!ref.startsWith('#/')) return false;
  let node: unknown = spec;
  for (const raw of ref.slice(2).split('/')) {
    if (!node || typeof node !== 'object') return false;
    node = (node as Json)[decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node !== undefined;
}

describe('the trimmed OpenAPI spec in test/fixtures/ringcentral (no archive)', () => {
  it('resolves every $ref inside itself', () => {
    const refs = [...new Set(refsIn(spec))];
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter((ref) => !resolves(ref))).toEqual([]);
  });

  it('holds the operations the product calls and the simulator answers', () => {
    const operations = Object.entries(spec.paths).flatMap(([path, item]) => Object.keys(item).filter((k) => k !== 'parameters').map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations).toEqual(
      expect.arrayContaining([
        'POST /restapi/oauth/token',
        'POST /restapi/oauth/revoke',
        'GET /restapi/v1.0/account/{accountId}/call-log',
        'GET /restapi/v1.0/account/{accountId}/call-log/{callRecordId}',
        'GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log',
        'GET /restapi/v1.0/account/{accountId}/call-log-sync',
        'GET /restapi/v1.0/account/{accountId}/call-log-extract-sync',
        'GET /restapi/v1.0/account/{accountId}/recording/{recordingId}',
        'GET /restapi/v1.0/account/{accountId}/recording/{recordingId}/content',
        'GET /restapi/v1.0/account/{accountId}/extension/{extensionId}',
        'GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/authz-profile/check',
        'GET /ai/ringsense/v1/public/accounts/{accountId}/domains/{domain}/records/{sourceRecordId}/insights',
      ]),
    );
  });

  it('holds the error bodies', () => {
    expect(Object.keys(spec.components.responses ?? {})).toEqual(
      expect.arrayContaining(['InvalidRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'TooManyRequests', 'InternalError', 'ServiceNotAvailable', 'OauthInvalidRequest']),
    );
    expect(Object.keys(spec.components.schemas ?? {})).toEqual(expect.arrayContaining(['ApiErrorResponseModel', 'ParameterizedErrorResponseModel']));
  });
});
