import { type BigIntStats, readFileSync, statSync } from 'node:fs';
import { ServeOptionError } from '../options-error.js';
import { TokenSet } from './tokens.js';

/** Shorter tokens are refused: a token is the only thing between the network and the transcripts. */
export const MIN_TOKEN_LENGTH = 16;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const HINT = 'one token per line, `name:token` or `token`, each at least 16 characters; make one with: openssl rand -hex 32';

/** One version of the token file as it was looked at: what stat said, and its text (null when it could not be read). */
export interface TokenFileVersion {
  /** Tells versions apart: a rewrite, a rename over the file or a chmod changes it. */
  signature: string;
  /** The file's last change, in ms. */
  changedMs: number;
  info: BigIntStats | null;
  text: string | null;
  /** Why the file could not be stat'ed or read. */
  failure: NodeJS.ErrnoException | null;
}

/** Stats and reads the file; never throws (what is wrong is in `failure`, and tokensOf says it). */
export function lookAtTokenFile(path: string, known?: TokenFileVersion): TokenFileVersion {
  let info: BigIntStats;
  try {
    info = statSync(path, { bigint: true });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    return { signature: `unreadable:${failure.code ?? 'error'}`, changedMs: 0, info: null, text: null, failure };
  }
  const signature = `${info.dev}:${info.ino}:${info.mode}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
  const changedMs = Number(info.ctimeNs / 1_000_000n);
  if (known && known.signature === signature) return known;
  if (!info.isFile()) return { signature, changedMs, info, text: null, failure: null };
  try {
    return { signature, changedMs, info, text: readFileSync(path, 'utf8'), failure: null };
  } catch (error) {
    return { signature, changedMs, info, text: null, failure: error as NodeJS.ErrnoException };
  }
}

/**
 * The tokens of `--token-file` (docs/cli.md, "`recordings serve`"): one token per line,
 * `name:token` (the name goes to the audit log) or a bare `token` (named `line-<n>`); blank lines and
 * lines starting with `#` are skipped. Refused with a ServeOptionError, naming the line but never
 * echoing a token: a file others can read, a token too short or holding spaces, a name or token
 * given twice, a file with no token. At start a refusal is exit 2; when the file changes later
 * (token-source.ts) it is logged and the tokens read before stay in force.
 */
export function tokensOf(path: string, version: TokenFileVersion): TokenSet {
  const { info, text, failure } = version;
  if (info === null || failure !== null) throw new ServeOptionError(`cannot read --token-file ${path}: ${errorCodeText(failure)}`, HINT);
  if (!info.isFile()) throw new ServeOptionError(`--token-file ${path} is not a file`, HINT);
  if ((info.mode & 0o006n) !== 0n) {
    throw new ServeOptionError(`--token-file ${path} can be read or written by every user of this machine`, `make it private: chmod 600 ${path}`);
  }
  return parseTokens(path, text ?? '');
}

/** Reads the file once: the tokens, and the version they came from. */
export function readTokenFile(path: string): { tokens: TokenSet; version: TokenFileVersion } {
  const version = lookAtTokenFile(path);
  return { tokens: tokensOf(path, version), version };
}

function errorCodeText(error: NodeJS.ErrnoException | null): string {
  const code = error?.code ?? 'error';
  return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code;
}

function parseTokens(path: string, text: string): TokenSet {
  const tokens: { name: string; token: string; line: number }[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/\r$/, '').trim();
    if (content === '' || content.startsWith('#')) return;
    const colon = content.indexOf(':');
    const name = colon >= 0 ? content.slice(0, colon).trim() : `line-${line}`;
    const token = colon >= 0 ? content.slice(colon + 1).trim() : content;
    const where = `--token-file ${path}, line ${line}`;
    if (!NAME.test(name)) throw new ServeOptionError(`${where}: a token's name is letters, digits and . _ @ - (at most 64)`, HINT);
    if (token.length < MIN_TOKEN_LENGTH) throw new ServeOptionError(`${where}: the token is shorter than ${MIN_TOKEN_LENGTH} characters`, HINT);
    if (/\s/.test(token)) throw new ServeOptionError(`${where}: the token holds a space`, HINT);
    const sameToken = tokens.find((other) => other.token === token);
    if (sameToken) throw new ServeOptionError(`${where}: the same token as line ${sameToken.line}`, 'give each person or program a token of their own');
    const sameName = tokens.find((other) => other.name === name);
    if (sameName) throw new ServeOptionError(`${where}: the name '${name}' is used on line ${sameName.line} too`, 'names tell the audit log who it was: give each token its own');
    tokens.push({ name, token, line });
  });
  if (tokens.length === 0) throw new ServeOptionError(`--token-file ${path} holds no token`, HINT);
  return new TokenSet(tokens);
}
