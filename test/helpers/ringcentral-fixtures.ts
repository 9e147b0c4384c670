import { readFileSync } from 'node:fs';

/** RingCentral data the tests read, carried in the repository (test/fixtures/ringcentral/SOURCE.md says where each file came from). */
const FIXTURES = new URL('../fixtures/ringcentral/', import.meta.url);

/** The part of RingCentral's OpenAPI spec the product uses (cut by trim-spec.ts). */
export const SPEC_PATH = new URL('rc-public-openapi.trimmed.yml', FIXTURES);

/** Official example payloads from RingCentral's developer guide. */
export const EXAMPLES_DIR = new URL('examples/', FIXTURES);

/** One example payload, parsed: a fresh copy on every call, so a test may change it. */
export function readExample(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, EXAMPLES_DIR), 'utf8')) as Record<string, unknown>;
}
