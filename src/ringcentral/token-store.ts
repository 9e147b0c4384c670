import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writePrivateFileAtomic } from '../util/private-files.js';

/**
 * Where the SDK keeps its tokens between runs: handed to it as `localStorage`, any object with
 * getItem/setItem/removeItem/keys (docs/ringcentral.md, "The JavaScript SDK"). One 0600 JSON file holds the sessions of every
 * (server, client id, JWT) the user has used, each under a hash of the three, so two accounts or
 * servers never mix.
 *
 * The file is read on every `getItem` rather than cached: another process (a cron run overlapping
 * an interactive one) may have refreshed the tokens meanwhile, and a refresh token is single-use
 * (docs/ringcentral.md, "Auth and tokens"), so the newest pair on disk is the only one worth using. Writes replace the file
 * atomically, so a reader never sees half of it.
 */
export class FileTokenStore {
  constructor(
    readonly path: string,
    private readonly accountKey: string,
    private readonly now: () => number = Date.now,
  ) {}

  getItem(key: string): string | null {
    return this.read().accounts[this.accountKey]?.[key] ?? null;
  }

  setItem(key: string, value: string): void {
    const file = this.read();
    file.accounts[this.accountKey] = { ...file.accounts[this.accountKey], [key]: value };
    this.write(file);
  }

  removeItem(key: string): void {
    const file = this.read();
    const entry = file.accounts[this.accountKey];
    if (!entry || !(key in entry)) return;
    delete entry[key];
    if (Object.keys(entry).length === 0) delete file.accounts[this.accountKey];
    this.write(file);
  }

  keys(): string[] {
    return Object.keys(this.read().accounts[this.accountKey] ?? {});
  }

  private read(): TokenFile {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyFile();
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as Partial<TokenFile>;
      if (parsed.version !== 1 || typeof parsed.accounts !== 'object' || parsed.accounts === null) return emptyFile();
      return { version: 1, accounts: parsed.accounts };
    } catch {
      // A damaged token file only costs one JWT login; the next write replaces it.
      return emptyFile();
    }
  }

  private write(file: TokenFile): void {
    for (const [account, entry] of Object.entries(file.accounts)) {
      if (account !== this.accountKey && isDead(entry, this.now())) delete file.accounts[account];
    }
    writePrivateFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`);
  }
}

interface TokenFile {
  version: 1;
  accounts: Record<string, Record<string, string>>;
}

function emptyFile(): TokenFile {
  return { version: 1, accounts: {} };
}

/** A session whose access and refresh tokens have both expired is of no use to anyone. */
function isDead(entry: Record<string, string>, now: number): boolean {
  return Object.values(entry).every((value) => {
    try {
      const data = JSON.parse(value) as { expire_time?: unknown; refresh_token_expire_time?: unknown };
      const latest = Math.max(Number(data.expire_time) || 0, Number(data.refresh_token_expire_time) || 0);
      return latest < now;
    } catch {
      return true;
    }
  });
}

/** The key of one account's session: the server, the app and (a hash of) the JWT, never the JWT itself. */
export function tokenStoreKey(credentials: { server: string; clientId: string; jwt: string }): string {
  const jwtHash = createHash('sha256').update(credentials.jwt).digest('hex');
  return createHash('sha256')
    .update(`${credentials.server.replace(/\/+$/, '')}\n${credentials.clientId}\n${jwtHash}`)
    .digest('hex')
    .slice(0, 32);
}
