import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface PassfileKey {
  host: string;
  port: string;
  database: string;
  user: string;
}

/**
 * The password for a connection from the password file, as libpq reads it (PostgreSQL's "The
 * Password File"): `PGPASSFILE` or `~/.pgpass`, lines `host:port:database:user:password` with `*`
 * matching anything and `\:` `\\` escaped, the first matching line wins, and a file that others can
 * read is ignored. node-postgres reads it too, but warns on stderr that it will stop; reading it here
 * keeps the output clean. Undefined when there is none.
 */
export function passwordFromPassfile(key: PassfileKey, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = env.PGPASSFILE || join(env.HOME || homedir(), '.pgpass');
  let text: string;
  try {
    if ((statSync(path).mode & 0o077) !== 0) return undefined;
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#') || !line.trim()) continue;
    const fields = splitFields(line);
    if (fields.length < 5) continue;
    const [host, port, database, user] = fields;
    const matches = (pattern: string, value: string) => pattern === '*' || pattern === value;
    if (matches(host!, key.host) && matches(port!, key.port) && matches(database!, key.database) && matches(user!, key.user)) {
      return fields.slice(4).join(':');
    }
  }
  return undefined;
}

function splitFields(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (char === '\\' && i + 1 < line.length) {
      current += line[i + 1];
      i += 1;
    } else if (char === ':' && fields.length < 4) {
      fields.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  fields.push(current);
  return fields;
}
