/**
 * Replaces every secret (client secret, JWT, tokens) in a text by `[redacted]`. Messages are built
 * from RingCentral's error bodies and from network errors; neither should carry a secret, and this
 * makes sure of it.
 */
export function redact(text: string, secrets: readonly (string | null | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 6) result = result.split(secret).join('[redacted]');
  }
  return result;
}
