import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BACKENDS, seededArchive, useBackend } from '../helpers/backends.js';
import { BIN, spawnCli } from '../helpers/run-cli.js';
import { seedDatabaseFile } from '../helpers/seed.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';
import { DATA_SET } from './data-set.js';

const tempDir = useTempDirs();

describe.each(BACKENDS)('end to end (%s)', (backend) => {
  useBackend(backend);

  test('bin/recordings search --text … --json end to end', async () => {
    const dir = tempDir();
    const db = await seedDatabaseFile(dir, DATA_SET);
    const result = await spawnCli(['search', '--text', 'reservations', '--direction', 'inbound', '--json'], isolatedEnv(dir, { RECORDINGS_DB: db }));
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.total).toBe(2);
    expect(body.recordings.map((r: { id: string }) => r.id).sort()).toEqual(['rec-1', 'rec-2']);
    const bad = await spawnCli(['search', '--phone', '12'], isolatedEnv(dir, { RECORDINGS_DB: db }));
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe("recordings: --phone needs at least 4 digits\ne.g. --phone 0100 or --phone '+1 (415) 555-0100'\n");
  });
});

/** The query commands, each as a test runs it against the seeded DATA_SET. */
const QUERY_COMMANDS = [
  ['search', '--text', 'refund', '--phone', '0100', '--json'],
  ['get', 'rec-1'],
  ['stats', '--json'],
  ['export', '--format', 'ndjson'],
  ['status', '--json'],
] as const;

/**
 * Runs each query command on the archive `db` names with a module-resolution hook that records every
 * module the spawned CLI resolves, and hands `check` the command and what it resolved.
 */
async function modulesOfQueryCommands(dir: string, db: string, check: (args: readonly string[], modules: string) => void): Promise<void> {
  const log = join(dir, 'modules.log');
  const hooks = join(dir, 'hooks.mjs');
  const register = join(dir, 'register.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.MODULE_LOG, result.url + '\\n');
  return result;
}
`,
  );
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  for (const args of QUERY_COMMANDS) {
    writeFileSync(log, '');
    const exitCode = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', register, BIN, ...args], {
        env: isolatedEnv(dir, { RECORDINGS_DB: db, MODULE_LOG: log }),
        stdio: 'ignore',
      });
      child.on('error', reject);
      child.on('close', (code) => resolve(code ?? -1));
    });
    expect(exitCode, args.join(' ')).toBe(0);
    const modules = readFileSync(log, 'utf8');
    // The hook really saw the command's modules...
    expect(modules).toContain(`/dist/cli/commands/${args[0]}.js`);
    check(args, modules);
  }
}

/** What no query command loads, on either backend (start-up speed is benchmarked). */
const HEAVY = ['/node_modules/@ringcentral/', '/node_modules/drizzle-orm/', '/node_modules/zod/', '/node_modules/ora/'];

/**
 * Query commands need only the database: the RingCentral SDK, drizzle, zod, ora and (on a SQLite
 * file) PostgreSQL's driver must not even be loaded.
 */
test('SQLite: query commands load neither @ringcentral/sdk, drizzle, zod, ora nor pg', async () => {
  const dir = tempDir();
  const db = await seedDatabaseFile(dir, DATA_SET);
  await modulesOfQueryCommands(dir, db, (args, modules) => {
    expect(modules).toContain('/node_modules/better-sqlite3/');
    // ...and none of the heavy ones, nor PostgreSQL's driver or store: an archive in a file never needs them.
    for (const heavy of [...HEAVY, '/node_modules/pg/', '/dist/db/postgres/']) {
      expect(modules, `${args[0]} loaded ${heavy}`).not.toContain(heavy);
    }
  });
});

/**
 * On PostgreSQL neither: nor the migrator, which an archive that is up to date does not need, nor
 * the SQL the schema's text search is made of (built from unicode61's tables when loaded), nor
 * better-sqlite3 (a --text's syntax is checked by the FTS5 grammar: fts-expression.ts).
 */
test('PostgreSQL: query commands load neither @ringcentral/sdk, drizzle, zod, ora, better-sqlite3, the migrator nor the text search SQL', async () => {
  const dir = tempDir();
  const db = await seededArchive('postgres', dir, DATA_SET);
  await modulesOfQueryCommands(dir, db, (args, modules) => {
    expect(modules).toContain('/dist/db/postgres/session.js');
    for (const heavy of [...HEAVY, '/node_modules/better-sqlite3/', '/dist/db/postgres/migrate.js', '/dist/db/postgres/text-search-sql.js', '/dist/db/postgres/unicode61.js']) {
      expect(modules, `${args[0]} loaded ${heavy}`).not.toContain(heavy);
    }
  });
});
