import type { Config } from '../../config/config.js';
import { type CheckResult, fail } from './check.js';

interface Credential {
  what: string;
  /** The environment variables that set it, the usual one first. */
  variables: string[];
  key: string;
  present: (config: Config) => boolean;
}

const CREDENTIALS: Credential[] = [
  { what: 'the client id', variables: ['RC_APP_CLIENT_ID'], key: 'ringcentral.clientId', present: (config) => Boolean(config.ringcentral.clientId) },
  { what: 'the client secret', variables: ['RC_APP_CLIENT_SECRET'], key: 'ringcentral.clientSecret', present: (config) => Boolean(config.ringcentral.clientSecret) },
  { what: 'the JWT', variables: ['RC_USER_JWT', 'RC_USER_JWT_FILE'], key: 'ringcentral.jwtFile', present: (config) => Boolean(config.ringcentral.jwt) },
];

/**
 * The credentials check when some are not set at all: it names every missing one and where it can be
 * set. Nothing was refused yet, so nothing here is about a JWT expiring or an app's permissions.
 */
export function missingCredentials(config: Config): CheckResult | null {
  const missing = CREDENTIALS.filter((credential) => !credential.present(config));
  if (missing.length === 0) return null;
  const where = config.configFile ?? 'the config file';
  return fail(
    'credentials.present',
    'credentials',
    `not set: ${missing.map((credential) => `${credential.what} (${credential.variables.join(' or ')})`).join(', ')}`,
    `set ${listed(missing.map(variableToSet))} in the environment, or ${listed(missing.map((credential) => credential.key))} in ${where}; ` +
      "the app's client id and secret and a JWT credential come from the RingCentral Developer Console",
    'credentials',
  );
}

function variableToSet({ variables: [usual, ...others] }: Credential): string {
  return others.length > 0 ? `${usual} (or ${others.join(', ')})` : (usual ?? '');
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
