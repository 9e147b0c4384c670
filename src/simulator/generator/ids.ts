import { hash32 } from './prng.js';

/**
 * Identifiers of call i, all deterministic and unique per (seed, i). Call-log record ids look like
 * RingCentral's 15-character ones ("VgLcd1KWffJVzUA") and carry the index, so a record can be found by id.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

function fromBase62(text: string): number {
  let value = 0;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return -1;
    value = value * 62 + digit;
  }
  return value;
}

export function callRecordId(seed: number, index: number): string {
  return `${base62(hash32(seed, 11) % 238_328, 3)}${base62(index, 6)}${base62(hash32(seed, index, 12) % 14_776_336, 4)}MA`;
}

/** The call index a record id names, or -1. */
export function decodeCallRecordId(seed: number, id: string): number {
  if (id.length !== 15) return -1;
  const index = fromBase62(id.slice(3, 9));
  return index >= 0 && callRecordId(seed, index) === id ? index : -1;
}

export function sessionIdOf(seed: number, index: number): string {
  return String(1_039_000_000_000 + (seed % 997) * 10_000_000 + index);
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0').slice(-width);
}

/** Shaped like `s-a0d178729c49dz1876d9b9d11z19269ec0000`. */
export function telephonySessionIdOf(seed: number, index: number): string {
  return `s-a0${hex(hash32(seed, index, 13), 8)}${hex(hash32(seed, index, 14), 4)}z${hex(index, 8)}z${hex(hash32(seed, 15), 6)}0000`;
}
