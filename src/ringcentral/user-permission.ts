import { z } from 'zod';
import type { RingCentralClient } from './client.js';
import { InvalidResponseError } from './errors.js';
import { describeIssues } from './schemas/describe-issues.js';

/** `AuthProfileCheckResource` (spec, "Check User Permission"): only `successful` matters here. */
const permissionCheckSchema = z.looseObject({ successful: z.boolean().default(false) });

/**
 * Whether the JWT's user holds a user permission:
 * `GET /restapi/v1.0/account/~/extension/~/authz-profile/check?permissionId=…` (Light group).
 */
export async function hasUserPermission(client: RingCentralClient, permissionId: string, signal?: AbortSignal): Promise<boolean> {
  const body = await client.getJson('/restapi/v1.0/account/~/extension/~/authz-profile/check', { query: { permissionId }, signal });
  const parsed = permissionCheckSchema.safeParse(body);
  if (!parsed.success) throw new InvalidResponseError(`RingCentral sent a permission check of the wrong shape: ${describeIssues(parsed.error)}`);
  return parsed.data.successful;
}
