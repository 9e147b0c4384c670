import type { Env } from '../../config/paths.js';

/** Names that hold credentials by convention; a player needs none of them. */
const SECRET_NAME = /TOKEN|SECRET|PASSW(OR)?D|JWT|CREDENTIAL|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY/i;
/** A JSON Web Token (header.payload.signature, base64url, header starting `{"`): whatever the variable is called. */
const JWT_VALUE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\./;

/**
 * The environment a player is started with: ours without the RingCentral variables (`RC_*`, which
 * hold the app secret and the user's JWT) and without anything else that looks like a credential,
 * nor any value containing one of `secrets`. A player is someone else's program; it gets a file
 * path, never a way into the account (docs/cli.md, "`recordings stream <id>`").
 */
export function playerEnvironment(env: Env, secrets: readonly string[] = []): Record<string, string> {
  const kept: Record<string, string> = {};
  const known = secrets.filter((secret) => secret.length >= 8);
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (/^RC_/i.test(name) || SECRET_NAME.test(name) || JWT_VALUE.test(value)) continue;
    if (known.some((secret) => value.includes(secret))) continue;
    kept[name] = value;
  }
  return kept;
}
