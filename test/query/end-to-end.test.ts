import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BACKENDS, useBackend } from '../helpers/backends.js';
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

/**
 * Query commands need only the database: the RingCentral SDK, drizzle, zod, ora and (on a SQLite
 * file) PostgreSQL's driver must not even be loaded. A module-resolution hook records every module the spawned CLI resolves.
 */
test('SQLite: query commands load neither @ringcentral/sdk, drizzle, zod, ora nor pg', async () => {
  const dir = tempDir();
  const db = await seedDatabaseFile(dir, DATA_SET);
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
  for (const args of [
    ['search', '--text', 'refund', '--phone', '0100', '--json'],
    ['get', 'rec-1'],
    ['stats', '--json'],
    ['export', '--format', 'ndjson'],
    ['status', '--json'],
  ]) {
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
    expect(modules).toContain('/node_modules/better-sqlite3/');
    // ...and none of the heavy ones.
    // Nor PostgreSQL's driver or store: an archive in a file never needs them.
    for (const heavy of ['/node_modules/@ringcentral/', '/node_modules/drizzle-orm/', '/node_modules/zod/', '/node_modules/ora/', '/node_modules/pg/', '/dist/db/postgres/']) {
      expect(modules, `${args[0]} loaded ${heavy}`).not.toContain(heavy);
    }
  }
});
