import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * E.164 (`+14155550100`) for anything that parses as a possible number in the given default region
 * (RingCentral sends E.164 already, but forwarded and international legs are not always clean);
 * null for what is not a phone number at all.
 */
export function toE164(raw: string | null | undefined, defaultRegion: string): string | null {
  if (!raw) return null;
  const text = raw.trim();
  if (!/\d/.test(text)) return null;
  const parsed = parsePhoneNumberFromString(text, defaultRegion as CountryCode);
  return parsed?.isPossible() ? parsed.number : null;
}

/**
 * The digits a phone search matches as a suffix of the stored numbers: the national significant
 * number when the input parses as a whole number (so `415.555.0100`, `(415) 555-0100` and
 * `+1 415 555 0100` agree, and `020 7183 8750` finds `+442071838750` with region GB), otherwise the
 * input's digits. Null when fewer than 4 digits are given: too short to mean anything.
 */
export function phoneSearchDigits(input: string, defaultRegion: string): string | null {
  const digits = input.replace(/\D/g, '');
  if (digits.length < 4) return null;
  const parsed = parsePhoneNumberFromString(input.trim(), defaultRegion as CountryCode);
  if (parsed?.isPossible()) return String(parsed.nationalNumber);
  return digits;
}
