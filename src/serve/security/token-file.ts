import { readFile, stat } from 'node:fs/promises';
import { ServeOptionError } from '../options-error.js';
import { TokenSet } from './tokens.js';

/** Shorter tokens are refused: a token is the only thing between the network and the transcripts. */
export const MIN_TOKEN_LENGTH = 16;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const HINT = 'one token per line, `name:token` or `token`, each at least 16 characters; make one with: openssl rand -hex 32';

/**
 * Reads `--token-file` (docs/cli.md, "`recordings serve`"): one token per line, `name:token` (the
 * name goes to the audit log) or a bare `token` (named `line-<n>`); blank lines and lines starting
 * with `#` are skipped. Refused, naming the line but never echoing a token: a file others can read,
 * a token too short or holding spaces, a name or token given twice, a file with no token.
 */
export async function readTokenFile(path: string): Promise<TokenSet> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ServeOptionError(`--token-file ${path} is not a file`, HINT);
    if ((info.mode & 0o006) !== 0) {
      throw new ServeOptionError(`--token-file ${path} can be read or written by every user of this machine`, `make it private: chmod 600 ${path}`);
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof ServeOptionError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ServeOptionError(`cannot read --token-file ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code}`, HINT);
  }
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
