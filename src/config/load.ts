import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config, Credentials, JwtSetting } from './config.js';
import { DEFAULT_SERVER } from './config.js';
import { DEFAULT_INTENTS, DEFAULT_TOPICS } from './default-rules.js';
import { parseDuration } from './duration.js';
import { ConfigError } from './errors.js';
import { type Env, expandHome, xdgDirs } from './paths.js';
import type { ConfigFile } from './schema.js';
import { isPostgresUrl } from '../util/database-url.js';

/** What the global command-line flags can set. Flags win over everything else. */
export interface ConfigFlags {
  config?: string | undefined;
  db?: string | undefined;
}

/**
 * Where the config file is, and whether the user named it (then it must exist). Flag, then
 * RECORDINGS_CONFIG, then the XDG default.
 */
export function locateConfigFile(flags: ConfigFlags, env: Env): { path: string; explicit: boolean } {
  if (flags.config) return { path: resolve(expandHome(flags.config, env)), explicit: true };
  if (env.RECORDINGS_CONFIG) return { path: resolve(expandHome(env.RECORDINGS_CONFIG, env)), explicit: true };
  return { path: join(xdgDirs(env).config, 'config.json'), explicit: false };
}

/**
 * The database that --db or RECORDINGS_DB names, if either does. Set but empty is refused rather
 * than read as "the default": a script with an unset variable must not quietly use another archive
 * (docs/cli.md, "Which archive").
 */
export function databaseFromFlagOrEnv(flags: ConfigFlags, env: Env): string | undefined {
  if (flags.db !== undefined) {
    if (!flags.db.trim()) throw new ConfigError('--db is empty: name the database file (--db ~/recordings.db), or leave --db out for the default');
    return databaseTarget(flags.db, env, process.cwd());
  }
  if (env.RECORDINGS_DB !== undefined) {
    if (!env.RECORDINGS_DB.trim()) throw new ConfigError('RECORDINGS_DB is set but empty: set it to the database file, or unset it for the default');
    return databaseTarget(env.RECORDINGS_DB, env, process.cwd());
  }
  return undefined;
}

/**
 * A PostgreSQL URL as given (docs/cli.md, "PostgreSQL"), or a file path made absolute: relative to
 * `base` (the working directory, or the config file's folder), `~` expanded.
 */
function databaseTarget(value: string, env: Env, base: string): string {
  if (isPostgresUrl(value)) return value.trim();
  return resolve(base, expandHome(value, env));
}

/**
 * The database path without validating the whole config file: the query commands only need this,
 * and skipping zod keeps their start-up fast. When neither flag nor environment names the database,
 * the full loader runs so a broken config file is still reported.
 */
export async function resolveDatabasePath(flags: ConfigFlags, env: Env): Promise<string> {
  return databaseFromFlagOrEnv(flags, env) ?? (await loadConfig(flags, env)).database;
}

/** What the commands that only read the archive take from the configuration: never credentials. */
export interface ArchiveSettings {
  database: string;
  /** The region `--phone` reads national numbers in; null when the command did not ask for it. */
  defaultRegion: string | null;
}

/**
 * Loaded once per command and passed down. The config file is read only when something must come
 * from it: with the database named by --db or RECORDINGS_DB and no phone number to read, zod never
 * loads (it costs ~100 ms of start-up).
 */
export async function loadArchiveSettings(flags: ConfigFlags, env: Env, needs: { defaultRegion: boolean }): Promise<ArchiveSettings> {
  const named = databaseFromFlagOrEnv(flags, env);
  if (named !== undefined && !needs.defaultRegion) return { database: named, defaultRegion: null };
  const config = await loadConfig(flags, env);
  return { database: config.database, defaultRegion: needs.defaultRegion ? config.phone.defaultRegion : null };
}

/**
 * Reads and validates the config file, then applies the precedence flag > env > file > default.
 * Credentials are only located here, not read or checked: requireCredentials does that for the
 * commands that talk to RingCentral.
 */
export async function loadConfig(flags: ConfigFlags, env: Env): Promise<Config> {
  const located = locateConfigFile(flags, env);
  const file = await readConfigFile(located.path, located.explicit);
  const dirs = xdgDirs(env);
  const fileDir = dirname(located.path);
  // Relative paths inside a config file are relative to the file, not to wherever cron runs us.
  const filePath = (value: string | undefined) => (value ? resolve(fileDir, expandHome(value, env)) : undefined);

  const database =
    databaseFromFlagOrEnv(flags, env) ?? (file?.database ? databaseTarget(file.database, env, fileDir) : undefined) ?? join(dirs.data, 'recordings.db');

  const rc = file?.ringcentral ?? {};
  const sync = file?.sync ?? {};
  const ms = (value: string | undefined, fallback: number) => (value ? parseDuration(value)! : fallback);

  return {
    configFile: file ? located.path : null,
    database,
    tokenFile: filePath(file?.tokenFile) ?? join(dirs.state, 'tokens.json'),
    cacheDir: dirs.cache,
    ringcentral: {
      server: stripTrailingSlash(env.RC_SERVER_URL || rc.server || DEFAULT_SERVER),
      clientId: env.RC_APP_CLIENT_ID || rc.clientId,
      clientSecret: env.RC_APP_CLIENT_SECRET || rc.clientSecret,
      jwt: locateJwt(env, rc, located.path, fileDir),
      recordingRetentionDays: rc.recordingRetentionDays ?? 90,
    },
    sync: {
      sinceMs: ms(sync.since, 24 * 3_600_000),
      lookbackMs: ms(sync.lookback, 2 * 3_600_000),
      settleMs: ms(sync.settle, 60_000),
      longestCallMs: sync.longestCall === false ? 0 : ms(sync.longestCall, 24 * 3_600_000),
      transcripts: sync.transcripts ?? true,
      audio: sync.audio ?? false,
      // Beside the file by default; a PostgreSQL archive has no file, so the data folder holds its audio.
      audioDir: filePath(sync.audioDir) ?? join(isPostgresUrl(database) ? dirs.data : dirname(database), 'audio'),
      maxTranscriptsPerRun: sync.maxTranscriptsPerRun ?? 500,
      maxAudioPerRun: sync.maxAudioPerRun ?? 200,
      minRecordingSeconds: sync.minRecordingSeconds ?? 10,
      transcriptGiveUpAfterMs: ms(sync.transcriptGiveUpAfter, 48 * 3_600_000),
      requestTimeoutMs: ms(sync.requestTimeout, 30_000),
      maxRetries: sync.maxRetries ?? 6,
    },
    retention: { days: file?.retention?.days ?? null },
    phone: { defaultRegion: file?.phone?.defaultRegion ?? 'US' },
    player: env.RECORDINGS_PLAYER || file?.player || null,
    topics: file?.topics ?? DEFAULT_TOPICS,
    intents: file?.intents ?? DEFAULT_INTENTS,
  };
}

/**
 * The credentials, read and checked now: the JWT file is read and the server URL checked here, and a
 * ConfigError names the first setting that is broken or missing and where to set it. Only commands
 * about to talk to RingCentral call this, once, and pass the result down.
 */
export function requireCredentials(config: Config): Credentials {
  const { server, clientId, clientSecret } = config.ringcentral;
  checkServerUrl(server);
  const jwt = readJwt(config.ringcentral.jwt);
  const where = config.configFile ? ` in ${config.configFile}` : ' in the config file';
  if (!clientId) throw new ConfigError(`missing credential ringcentral.clientId: set RC_APP_CLIENT_ID or ringcentral.clientId${where}`);
  if (!clientSecret)
    throw new ConfigError(`missing credential ringcentral.clientSecret: set RC_APP_CLIENT_SECRET or ringcentral.clientSecret${where}`);
  if (!jwt)
    throw new ConfigError(`missing credential ringcentral.jwt: set RC_USER_JWT, RC_USER_JWT_FILE, ringcentral.jwt or ringcentral.jwtFile${where}`);
  return { server, clientId, clientSecret, jwt };
}

/**
 * Checks the credential settings that are set (the server URL, a JWT file that must be readable
 * and not empty) without asking for the missing ones: for `doctor`, which reports a broken setting
 * with the config and a missing one with the credentials.
 */
export function checkCredentialSettings(config: Config): void {
  checkServerUrl(config.ringcentral.server);
  readJwt(config.ringcentral.jwt);
}

/** The JWT as configured, an inline one only (a JWT file is not read): the secrets a command may hold without asking. */
export function inlineJwt(config: Config): string | undefined {
  const jwt = config.ringcentral.jwt;
  return jwt && 'value' in jwt ? jwt.value : undefined;
}

function locateJwt(env: Env, rc: NonNullable<ConfigFile['ringcentral']>, configPath: string, fileDir: string): JwtSetting | undefined {
  // Environment beats file; at each level an inline JWT beats a JWT file.
  if (env.RC_USER_JWT) return { value: env.RC_USER_JWT.trim() };
  if (env.RC_USER_JWT_FILE) return { file: resolve(expandHome(env.RC_USER_JWT_FILE, env)), source: 'RC_USER_JWT_FILE' };
  if (rc.jwt) return { value: rc.jwt.trim() };
  if (rc.jwtFile) return { file: resolve(fileDir, expandHome(rc.jwtFile, env)), source: `ringcentral.jwtFile in ${configPath}` };
  return undefined;
}

function readJwt(setting: JwtSetting | undefined): string | undefined {
  if (!setting) return undefined;
  if ('value' in setting) return setting.value;
  let text: string;
  try {
    text = readFileSync(setting.file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${setting.source}: cannot read the JWT file ${setting.file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const jwt = text.trim();
  if (!jwt) throw new ConfigError(`${setting.source}: the JWT file ${setting.file} is empty`);
  return jwt;
}

async function readConfigFile(path: string, explicit: boolean): Promise<ConfigFile | null> {
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError(`config file ${path} does not exist`);
    return null;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`config file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  // zod costs ~100 ms to load: only commands that read a config file pay for it.
  const { configFileSchema } = await import('./schema.js');
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(describeIssue(parsed.error.issues[0]!, path));
  return parsed.data;
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

/** One line naming the key and the file. Values are never echoed: the key might hold a secret. */
function describeIssue(issue: Issue, file: string): string {
  const at = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
    const key = [at, issue.keys[0]].filter(Boolean).join('.');
    return `config file ${file}: unknown key ${key}`;
  }
  if (!at) return `config file ${file}: ${issue.message}`;
  return `config file ${file}: ${at}: ${issue.message}`;
}

/** Only RC_SERVER_URL can hold anything else: the config file's server is checked with the file. */
function checkServerUrl(value: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError('RC_SERVER_URL: expected an http(s) URL such as https://platform.ringcentral.com');
  }
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
