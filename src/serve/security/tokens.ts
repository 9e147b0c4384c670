import { createHash, timingSafeEqual } from 'node:crypto';

/** One accepted bearer token: the name the audit log shows, and a digest of the token, never the token. */
interface TokenEntry {
  name: string;
  digest: Buffer;
}

/** Tokens as the security middleware asks them: how many, and which name a presented token has. */
export interface Tokens {
  readonly size: number;
  /** The name of the token `candidate` is, or null. */
  match(candidate: string): string | null;
}

/**
 * The tokens of `--token-file` (token-file.ts). A candidate is compared with every token, each
 * comparison in constant time over SHA-256 digests of equal length, so neither the time taken nor
 * an early stop tells how much of a token was right, or which one.
 */
export class TokenSet implements Tokens {
  private readonly entries: TokenEntry[];

  constructor(tokens: readonly { name: string; token: string }[]) {
    this.entries = tokens.map(({ name, token }) => ({ name, digest: digest(token) }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** The name of the token `candidate` is, or null. */
  match(candidate: string): string | null {
    const wanted = digest(candidate);
    let found: string | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, wanted) && found === null) found = entry.name;
    }
    return found;
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
