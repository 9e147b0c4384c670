/**
 * Phone numbers are stored as E.164 and also as their digits reversed, so "ends with 0100" becomes
 * "starts with 0010": a range over an index instead of a full scan with LIKE '%0100'.
 */
export function reversedDigits(phoneNumber: string | null): string | null {
  if (!phoneNumber) return null;
  const digits = phoneNumber.replace(/\D/g, '');
  return digits ? [...digits].reverse().join('') : null;
}

/** The half-open range [low, high) of reversed-digit strings that start with `prefix`. */
export function prefixRange(prefix: string): [string, string] {
  const last = prefix.charCodeAt(prefix.length - 1);
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(last + 1)];
}
