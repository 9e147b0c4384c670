import { ServeOptionError } from '../options-error.js';
import { type TokenFileVersion, lookAtTokenFile, readTokenFile, tokensOf } from './token-file.js';
import type { TokenSet, Tokens } from './tokens.js';

/**
 * A file changed less than this long ago is read again on every check, whatever stat says: two
 * writes within one tick of the file system's clock, of the same size, would leave the same
 * signature (the "racily clean" case git knows).
 */
const SETTLE_MS = 2000;

/**
 * The tokens of `--token-file` as the file is now (docs/cli.md, "`recordings serve`"): adding or
 * revoking a token needs no restart. Every check of a token first stats the file (about 10 µs) and
 * reads it again only when it changed (its size, times or mode, or the file itself, replaced by a
 * rename), so a revoked token is refused from the very next request. A file that has become
 * unreadable or invalid (a half-written edit, a stray chmod, a token too short) changes nothing: the
 * tokens read before stay in force, and one line on the server's log says why, naming the line but
 * never a token; the next change is read again.
 */
export class TokenSource implements Tokens {
  private tokens: TokenSet;
  /** The version of the file looked at last, whether its tokens were taken or refused. */
  private seen: TokenFileVersion;

  private constructor(
    private readonly path: string,
    first: { tokens: TokenSet; version: TokenFileVersion },
    private readonly log: (line: string) => void,
    private readonly now: () => number,
  ) {
    this.tokens = first.tokens;
    this.seen = first.version;
  }

  /** Reads the file at start: a refusal here (ServeOptionError) is the caller's to report, with exit 2. */
  static open(path: string, log: (line: string) => void, now: () => number = Date.now): TokenSource {
    return new TokenSource(path, readTokenFile(path), log, now);
  }

  get size(): number {
    return this.current().size;
  }

  match(candidate: string): string | null {
    return this.current().match(candidate);
  }

  /** The tokens in force: the file's, read again if it changed since it was last looked at. */
  current(): TokenSet {
    const settled = this.now() - this.seen.changedMs > SETTLE_MS;
    const version = lookAtTokenFile(this.path, settled ? this.seen : undefined);
    if (version === this.seen || (version.signature === this.seen.signature && version.text === this.seen.text)) return this.tokens;
    this.seen = version;
    try {
      const before = this.tokens.size;
      this.tokens = tokensOf(this.path, version);
      this.log(`--token-file ${this.path} changed: ${plural(this.tokens.size)} now (${before} before)`);
    } catch (error) {
      const problem = error instanceof ServeOptionError ? error.message : `cannot read --token-file ${this.path}`;
      this.log(`${problem}; the ${plural(this.tokens.size)} read before ${this.tokens.size === 1 ? 'stays' : 'stay'} in force`);
    }
    return this.tokens;
  }
}

function plural(n: number): string {
  return `${n} token${n === 1 ? '' : 's'}`;
}
