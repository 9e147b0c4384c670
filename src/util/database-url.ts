/**
 * `--db`, RECORDINGS_DB and the config's `database` name either a SQLite file or a PostgreSQL
 * database by URL (docs/cli.md, "PostgreSQL"): `postgres://…` or `postgresql://…`, any case.
 */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(target.trim());
}

/**
 * The URL as messages may show it: a password in it becomes `***` (`postgres://user:***@host/db`),
 * and so does one in a `password=` query parameter. Text that is not a URL is returned as it is.
 */
export function redactDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not parseable as a URL: hide anything between `://user:` and `@` all the same.
    return url.replace(/(:\/\/[^:/@]*:)[^@]*@/, '$1***@').replace(/([?&]password=)[^&]*/gi, '$1***');
  }
  if (parsed.password) parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (key.toLowerCase() === 'password') parsed.searchParams.set(key, '***');
  }
  return parsed.toString().replace('%2A%2A%2A', '***');
}

/** Every occurrence of the URL's password (as written and URL-decoded) in `text` becomes `***`. */
export function redactPasswordIn(text: string, url: string): string {
  const secrets = new Set<string>();
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      secrets.add(parsed.password);
      secrets.add(safeDecode(parsed.password));
    }
    for (const [key, value] of parsed.searchParams) if (key.toLowerCase() === 'password' && value) secrets.add(value);
  } catch {
    // Not a URL: nothing known to hide.
  }
  let result = text;
  for (const secret of secrets) if (secret.length > 0) result = result.split(secret).join('***');
  return result;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
