import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** How a command is given the role's password (docs/cli.md, "PostgreSQL"). */
export type PasswordGiven = 'in the URL' | 'as ?password=' | 'none';

export interface PasswordRole {
  user: string;
  /** Random, with characters a URL must escape ('/', '@'), so that both its forms are looked for. */
  password: string;
  host: string;
  port: number;
  /** The URL of one of the role's databases, the password (its own unless another is given) in it as `given` says. */
  url(database: string, given: PasswordGiven, password?: string): string;
  /** A libpq password file line for the role on this server. */
  passfileLine(password?: string): string;
  drop(): Promise<void>;
}

/**
 * A login role with a password of its own, owning new databases `names` on the server `adminUrl`
 * reaches as a superuser: an archive whose password is a secret the tests can look for.
 */
export async function roleWithPassword(adminUrl: string, names: readonly string[]): Promise<PasswordRole> {
  const suffix = randomBytes(5).toString('hex');
  const user = `recordings_secret_${suffix}`;
  const password = `Pg-${randomBytes(6).toString('hex')}/s3cr@t`;
  const databases = names.map((name) => `${name}_${suffix}`);
  const admin = new URL(adminUrl);
  const run = async (statements: string[]) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run([`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`, ...databases.map((database) => `CREATE DATABASE ${database} OWNER ${user}`)]);
  const find = (name: string) => databases[names.indexOf(name)] ?? name;
  return {
    user,
    password,
    host: admin.hostname,
    port: Number(admin.port),
    url(name, given, secret = password) {
      const base = `postgres://${user}${given === 'in the URL' ? `:${encodeURIComponent(secret)}` : ''}@${admin.host}/${find(name)}`;
      return given === 'as ?password=' ? `${base}?password=${encodeURIComponent(secret)}` : base;
    },
    passfileLine: (secret = password) => `${admin.hostname}:${admin.port}:*:${user}:${secret.replace(/([:\\])/g, '\\$1')}\n`,
    drop: () => run([...databases.map((database) => `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`), `DROP ROLE IF EXISTS ${user}`]),
  };
}
