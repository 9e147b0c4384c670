import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { SPEC_PATH } from '../helpers/ringcentral-fixtures.js';

const SPEC_ID = 'https://ringcentral.example/openapi.json';

type Json = Record<string, unknown>;

/**
 * Validates JSON bodies against the spec's response schemas with Ajv (OpenAPI 3.0 schemas are JSON
 * Schema plus `nullable`, which Ajv understands; other OpenAPI keywords such as `example` are ignored).
 */
export class SpecValidator {
  private readonly ajv: Ajv;
  private readonly spec: Json;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    this.spec = parse(readFileSync(SPEC_PATH, 'utf8')) as Json;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
    addFormats(this.ajv);
    this.ajv.addSchema({ ...this.spec, $id: SPEC_ID });
  }

  /** A validator for `#/components/schemas/<name>`. */
  schema(name: string): ValidateFunction {
    return this.compile(`#/components/schemas/${name}`);
  }

  /** A validator for the JSON body of `#/components/responses/<name>` (e.g. TooManyRequests, Unauthorized). */
  namedResponse(name: string): ValidateFunction {
    return this.compile(`#/components/responses/${name}/content/application~1json/schema`);
  }

  /** The validator of the JSON body the spec gives for `method path` answering `status`. */
  response(path: string, method: string, status: number): ValidateFunction {
    const paths = this.spec.paths as Record<string, Record<string, { responses: Record<string, Json> }>>;
    const operation = paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`no operation ${method} ${path} in the spec`);
    const response = operation.responses[String(status)];
    if (!response) throw new Error(`the spec has no ${status} response for ${method} ${path}`);
    const base = typeof response.$ref === 'string' ? response.$ref : pointer(['paths', path, method.toLowerCase(), 'responses', String(status)]);
    return this.compile(`${base}/content/application~1json/schema`);
  }

  private compile(fragment: string): ValidateFunction {
    let validate = this.cache.get(fragment);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${SPEC_ID}${fragment}` });
      this.cache.set(fragment, validate);
    }
    return validate;
  }
}

/** A JSON-pointer fragment (RFC 6901, URI-encoded) for the given path segments. */
function pointer(segments: string[]): string {
  return `#/${segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
}

/** Readable errors of the last validation, for assertion messages. */
export function errorsOf(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
