import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, databaseFromFlagOrEnv, loadArchiveSettings, loadConfig, requireCredentials, resolveDatabasePath } from '../../src/config/index.js';
import { configFileSchema } from '../../src/config/schema.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

function writeConfig(dir: string, content: unknown): string {
  const path = join(dir, 'config.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** The message of the ConfigError a synchronous call throws. */
function thrownConfigError(call: () => unknown): string {
  let error: unknown = null;
  try {
    call();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

async function configError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

describe('config precedence: flag > env > file > default (no archive)', () => {
  it('takes the database from the flag over the environment over the file over the XDG default', async () => {
    const dir = tempDir();
    const file = writeConfig(dir, { database: 'from-file.db' });
    const env = isolatedEnv(dir, { RECORDINGS_DB: join(dir, 'from-env.db') });

    expect((await loadConfig({ config: file, db: join(dir, 'from-flag.db') }, env)).database).toBe(join(dir, 'from-flag.db'));
    expect((await loadConfig({ config: file }, env)).database).toBe(join(dir, 'from-env.db'));
    expect((await loadConfig({ config: file }, isolatedEnv(dir))).database).toBe(join(dir, 'from-file.db'));
    expect((await loadConfig({}, isolatedEnv(dir))).database).toBe(join(dir, 'data', 'recordings', 'recordings.db'));
  });

  it('finds the config file through RECORDINGS_CONFIG and the XDG default', async () => {
    const dir = tempDir();
    const file = writeConfig(dir, { player: 'from-env-config' });
    expect((await loadConfig({}, isolatedEnv(dir, { RECORDINGS_CONFIG: file }))).player).toBe('from-env-config');

    const xdg = join(dir, 'config', 'recordings');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(xdg, { recursive: true });
    writeConfig(xdg, { player: 'from-xdg' });
    expect((await loadConfig({}, isolatedEnv(dir))).player).toBe('from-xdg');
  });

  it('takes RC_* variables over the file, and an inline JWT over a JWT file at the same level', async () => {
    const dir = tempDir();
    const jwtFile = join(dir, 'jwt.txt');
    writeFileSync(jwtFile, '  file-jwt-from-env\n');
    const file = writeConfig(dir, {
      ringcentral: { server: 'https://file.example', clientId: 'file-id', clientSecret: 'file-secret', jwt: 'file-jwt' },
    });
    const fromFile = await loadConfig({ config: file }, isolatedEnv(dir));
    expect(requireCredentials(fromFile)).toEqual({ server: 'https://file.example', clientId: 'file-id', clientSecret: 'file-secret', jwt: 'file-jwt' });
    expect(fromFile.ringcentral.recordingRetentionDays).toBe(90);

    const env = isolatedEnv(dir, {
      RC_SERVER_URL: 'http://127.0.0.1:9/',
      RC_APP_CLIENT_ID: 'env-id',
      RC_APP_CLIENT_SECRET: 'env-secret',
      RC_USER_JWT_FILE: jwtFile,
    });
    const fromEnv = await loadConfig({ config: file }, env);
    expect(requireCredentials(fromEnv)).toEqual({ server: 'http://127.0.0.1:9', clientId: 'env-id', clientSecret: 'env-secret', jwt: 'file-jwt-from-env' });

    const both = await loadConfig({ config: file }, { ...env, RC_USER_JWT: 'env-jwt' });
    expect(requireCredentials(both).jwt).toBe('env-jwt');
  });

  it('reads the account\'s recording retention (ringcentral.recordingRetentionDays, whole days ≥ 1)', async () => {
    const dir = tempDir();
    const file = writeConfig(dir, { ringcentral: { recordingRetentionDays: 30 } });
    expect((await loadConfig({ config: file }, isolatedEnv(dir))).ringcentral.recordingRetentionDays).toBe(30);
    for (const bad of [0, 1.5, '90']) {
      writeConfig(dir, { ringcentral: { recordingRetentionDays: bad } });
      await expect(loadConfig({ config: file }, isolatedEnv(dir))).rejects.toThrow(/ringcentral\.recordingRetentionDays/);
    }
  });

  it('reads ringcentral.jwtFile relative to the config file, when the credentials are asked for', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secret.jwt'), 'jwt-in-file');
    const file = writeConfig(dir, { ringcentral: { clientId: 'id', clientSecret: 'secret', jwtFile: 'secret.jwt' } });
    const config = await loadConfig({ config: file }, isolatedEnv(dir));
    expect(config.ringcentral.jwt).toEqual({ file: join(dir, 'secret.jwt'), source: `ringcentral.jwtFile in ${file}` });
    expect(requireCredentials(config).jwt).toBe('jwt-in-file');
  });

  it('applies defaults when there is no config file', async () => {
    const dir = tempDir();
    const config = await loadConfig({}, isolatedEnv(dir));
    expect(config.configFile).toBeNull();
    expect(config.ringcentral.server).toBe('https://platform.ringcentral.com');
    expect(config.sync.lookbackMs).toBe(2 * 3_600_000);
    expect(config.sync.sinceMs).toBe(24 * 3_600_000);
    expect(config.sync.settleMs).toBe(60_000);
    expect(config.tokenFile).toBe(join(dir, 'state', 'recordings', 'tokens.json'));
    expect(config.phone.defaultRegion).toBe('US');
    expect(Object.keys(config.topics)).toContain('reservation');
  });

  it('resolves the database path without reading the config file when a flag or RECORDINGS_DB names it', async () => {
    const dir = tempDir();
    const broken = writeConfig(dir, '{ not json');
    expect(await resolveDatabasePath({ config: broken, db: 'x.db' }, isolatedEnv(dir))).toBe(join(process.cwd(), 'x.db'));
    await configError(resolveDatabasePath({ config: broken }, isolatedEnv(dir)));
  });

  it('refuses an empty --db or RECORDINGS_DB instead of falling back to the default', async () => {
    const dir = tempDir();
    for (const db of ['', '  ']) {
      expect(thrownConfigError(() => databaseFromFlagOrEnv({ db }, isolatedEnv(dir)))).toMatch(/^--db is empty: /);
      expect(await configError(loadConfig({ db }, isolatedEnv(dir)))).toMatch(/^--db is empty: /);
      expect(await configError(resolveDatabasePath({}, isolatedEnv(dir, { RECORDINGS_DB: db })))).toMatch(/^RECORDINGS_DB is set but empty: /);
    }
    // A flag wins over the environment, an empty one too.
    expect(thrownConfigError(() => databaseFromFlagOrEnv({ db: '' }, isolatedEnv(dir, { RECORDINGS_DB: join(dir, 'x.db') })))).toMatch(/^--db is empty/);
    expect(databaseFromFlagOrEnv({}, isolatedEnv(dir))).toBeUndefined();
  });

  it('loads the archive settings without credentials, and the config file only when needed', async () => {
    const dir = tempDir();
    const env = isolatedEnv(dir, { RC_USER_JWT_FILE: join(dir, 'missing.jwt'), RC_SERVER_URL: 'not a url' });
    const broken = writeConfig(dir, '{ not json');
    expect(await loadArchiveSettings({ config: broken, db: 'x.db' }, env, { defaultRegion: false })).toEqual({
      database: join(process.cwd(), 'x.db'),
      defaultRegion: null,
    });
    await configError(loadArchiveSettings({ config: broken, db: 'x.db' }, env, { defaultRegion: true }));
    const file = writeConfig(dir, { database: 'in-file.db', phone: { defaultRegion: 'DE' } });
    expect(await loadArchiveSettings({ config: file }, env, { defaultRegion: true })).toEqual({ database: join(dir, 'in-file.db'), defaultRegion: 'DE' });
  });
});

describe('config errors: one line naming the key and the file (no archive)', () => {
  const cases: [string, unknown, RegExp][] = [
    ['unknown key', { databse: 'x.db' }, /config file .*config\.json: unknown key databse$/],
    ['unknown nested key', { sync: { lookbak: '2h' } }, /config file .*config\.json: unknown key sync\.lookbak$/],
    ['wrong type', { sync: { audio: 'yes' } }, /config file .*config\.json: sync\.audio: .*boolean/],
    ['bad duration', { sync: { lookback: 'two hours' } }, /sync\.lookback: expected a duration such as 90m, 2h or 7d/],
    ['bad URL', { ringcentral: { server: 'ftp://x' } }, /ringcentral\.server: expected an http\(s\) URL/],
    ['bad region', { phone: { defaultRegion: 'usa' } }, /phone\.defaultRegion: expected a two-letter ISO country code/],
    ['not an object', [1, 2], /config file .*config\.json: /],
    ['invalid JSON', '{ "database": ', /config file .*config\.json is not valid JSON/],
  ];
  for (const [name, content, pattern] of cases) {
    it(name, async () => {
      const dir = tempDir();
      const file = writeConfig(dir, content);
      const message = await configError(loadConfig({ config: file }, isolatedEnv(dir)));
      expect(message).toMatch(pattern);
      expect(message).not.toContain('\n');
    });
  }

  it('never echoes a secret value that fails validation', async () => {
    const dir = tempDir();
    const file = writeConfig(dir, { ringcentral: { clientSecret: 12345678901 } });
    const message = await configError(loadConfig({ config: file }, isolatedEnv(dir)));
    expect(message).toContain('ringcentral.clientSecret');
    expect(message).not.toContain('12345678901');
  });

  it('names a missing config file given explicitly', async () => {
    const dir = tempDir();
    expect(await configError(loadConfig({ config: join(dir, 'nope.json') }, isolatedEnv(dir)))).toMatch(/config file .*nope\.json does not exist/);
  });

  it('reads a JWT file only when the credentials are asked for, and names it when it cannot', async () => {
    const dir = tempDir();
    const env = isolatedEnv(dir, { RC_USER_JWT_FILE: join(dir, 'missing.jwt'), RC_APP_CLIENT_ID: 'id', RC_APP_CLIENT_SECRET: 's' });
    const config = await loadConfig({}, env);
    expect(thrownConfigError(() => requireCredentials(config))).toMatch(/^RC_USER_JWT_FILE: cannot read the JWT file .*missing\.jwt \(ENOENT\)$/);
    writeFileSync(join(dir, 'empty.jwt'), '\n');
    const empty = await loadConfig({}, { ...env, RC_USER_JWT_FILE: join(dir, 'empty.jwt') });
    expect(thrownConfigError(() => requireCredentials(empty))).toMatch(/^RC_USER_JWT_FILE: the JWT file .*empty\.jwt is empty$/);
  });

  it('checks RC_SERVER_URL when the credentials are asked for', async () => {
    const dir = tempDir();
    const config = await loadConfig({}, isolatedEnv(dir, { RC_SERVER_URL: 'platform.ringcentral.com', RC_APP_CLIENT_ID: 'id', RC_APP_CLIENT_SECRET: 's', RC_USER_JWT: 'j' }));
    expect(thrownConfigError(() => requireCredentials(config))).toBe('RC_SERVER_URL: expected an http(s) URL such as https://platform.ringcentral.com');
  });

  it('names each missing credential and where to set it', async () => {
    const dir = tempDir();
    const config = await loadConfig({}, isolatedEnv(dir));
    expect(() => requireCredentials(config)).toThrow(/missing credential ringcentral\.clientId: set RC_APP_CLIENT_ID/);
    const partial = await loadConfig({}, isolatedEnv(dir, { RC_APP_CLIENT_ID: 'id', RC_APP_CLIENT_SECRET: 's' }));
    expect(() => requireCredentials(partial)).toThrow(/missing credential ringcentral\.jwt: set RC_USER_JWT, RC_USER_JWT_FILE/);
  });

  it('refuses a config path it cannot read as a file', async () => {
    const dir = tempDir();
    expect(await configError(loadConfig({ config: dir }, isolatedEnv(dir)))).toMatch(/config file .* cannot be read \(EISDIR\)/);
  });
});

describe('config.example.json (no archive)', () => {
  it('is valid against the schema and loads', async () => {
    const path = new URL('../../config.example.json', import.meta.url);
    const parsed = configFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const dir = tempDir();
    const config = await loadConfig({ config: path.pathname }, isolatedEnv(dir, { RC_USER_JWT: 'x' }));
    expect(config.sync.maxTranscriptsPerRun).toBe(500);
    expect(config.topics.reservation).toContain('reservation');
  });
});
