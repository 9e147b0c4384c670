import { ACCOUNT_ID, OWNER_EXTENSION_ID } from '../generator/people.js';
import type { SimulatorCore } from './core.js';
import { invalidParameter } from './error-bodies.js';
import type { Exchange } from './exchange.js';

/** The user permissions the simulated operator (a Super Admin) holds, RingSense's aside. */
const HELD = ['ReadAccounts', 'ReadUserInfo', 'ReadCallLog', 'FullCompanyCallLog', 'ReadCallRecording', 'ReadCompanyCallRecording'];

/**
 * GET /restapi/v1.0/account/~/extension/~/authz-profile/check?permissionId=… [spec checkUserPermission,
 * AuthProfileCheckResource]: whether the JWT's user holds a user permission. `ReadRingSenseInsights`
 * follows RingSenseBehaviour.userPermission; an id the user does not hold answers `successful: false`.
 */
export function handlePermissionCheck(core: SimulatorCore, ex: Exchange): void {
  const permissionId = ex.url.searchParams.get('permissionId') ?? '';
  if (permissionId === '') {
    ex.json(400, invalidParameter('permissionId', ''));
    return;
  }
  const held = permissionId === 'ReadRingSenseInsights' ? core.ringSense.userPermission : HELD.includes(permissionId);
  const base = `${ex.baseUrl}/restapi/v1.0/account/${ACCOUNT_ID}`;
  ex.json(200, {
    uri: `${base}/extension/${OWNER_EXTENSION_ID}/authz-profile/check?permissionId=${encodeURIComponent(permissionId)}`,
    successful: held,
    ...(held
      ? {
          details: {
            permission: { uri: `${ex.baseUrl}/restapi/v1.0/dictionary/permission/${permissionId}`, id: permissionId },
            effectiveRole: { uri: `${base}/user-role/1`, id: '1' },
            scopes: ['Account'],
          },
        }
      : {}),
  });
}
