import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config, Credentials } from './config.js';
import { DEFAULT_SERVER } from './config.js';
import { DEFAULT_INTENTS, DEFAULT_TOPICS } from './default-rules.js';
import { parseDuration } from './duration.js';
import { ConfigError } from './errors.js';
import { type Env, expandHome, xdgDirs } from './paths.js';
import type { ConfigFile } from './schema.js';

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
 * The database path without validating the whole config file: the query commands only need this,
 * and skipping zod keeps their start-up fast. When neither flag nor environment names the database,
 * the full loader runs so a broken config file is still reported.
 */
export async function resolveDatabasePath(flags: ConfigFlags, env: Env): Promise<string> {
  if (flags.db) return resolve(expandHome(flags.db, env));
  if (env.RECORDINGS_DB) return resolve(expandHome(env.RECORDINGS_DB, env));
  return (await loadConfig(flags, env)).database;
}

/** Reads and validates the config file, then applies the precedence flag > env > file > default. */
export async function loadConfig(flags: ConfigFlags, env: Env): Promise<Config> {
  const located = locateConfigFile(flags, env);
  const file = await readConfigFile(located.path, located.explicit);
  const dirs = xdgDirs(env);
  const fileDir = dirname(located.path);
  // Relative paths inside a config file are relative to the file, not to wherever cron runs us.
  const filePath = (value: string | undefined) => (value ? resolve(fileDir, expandHome(value, env)) : undefined);
  const envPath = (value: string | undefined) => (value ? resolve(expandHome(value, env)) : undefined);

  const database =
    envPath(flags.db) ?? envPath(env.RECORDINGS_DB) ?? filePath(file?.database) ?? join(dirs.data, 'recordings.db');

  const rc = file?.ringcentral ?? {};
  const sync = file?.sync ?? {};
  const ms = (value: string | undefined, fallback: number) => (value ? parseDuration(value)! : fallback);

  return {
    configFile: file ? located.path : null,
    database,
    tokenFile: filePath(file?.tokenFile) ?? join(dirs.state, 'tokens.json'),
    cacheDir: dirs.cache,
    ringcentral: {
      server: stripTrailingSlash(checkedServerUrl(env.RC_SERVER_URL) || rc.server || DEFAULT_SERVER),
      clientId: env.RC_APP_CLIENT_ID || rc.clientId,
      clientSecret: env.RC_APP_CLIENT_SECRET || rc.clientSecret,
      jwt: resolveJwt(env, rc, located.path, fileDir),
    },
    sync: {
      sinceMs: ms(sync.since, 24 * 3_600_000),
      lookbackMs: ms(sync.lookback, 2 * 3_600_000),
      settleMs: ms(sync.settle, 60_000),
      transcripts: sync.transcripts ?? true,
      audio: sync.audio ?? false,
      audioDir: filePath(sync.audioDir) ?? join(dirname(database), 'audio'),
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

/** The credentials, or a ConfigError naming the first one missing and where to set it. */
export function requireCredentials(config: Config): Credentials {
  const { server, clientId, clientSecret, jwt } = config.ringcentral;
  const where = config.configFile ? ` in ${config.configFile}` : ' in the config file';
  if (!clientId) throw new ConfigError(`missing credential ringcentral.clientId: set RC_APP_CLIENT_ID or ringcentral.clientId${where}`);
  if (!clientSecret)
    throw new ConfigError(`missing credential ringcentral.clientSecret: set RC_APP_CLIENT_SECRET or ringcentral.clientSecret${where}`);
  if (!jwt)
    throw new ConfigError(`missing credential ringcentral.jwt: set RC_USER_JWT, RC_USER_JWT_FILE, ringcentral.jwt or ringcentral.jwtFile${where}`);
  return { server, clientId, clientSecret, jwt };
}

function resolveJwt(
  env: Env,
  rc: NonNullable<ConfigFile['ringcentral']>,
  configPath: string,
  fileDir: string,
): string | undefined {
  // Environment beats file; at each level an inline JWT beats a JWT file.
  if (env.RC_USER_JWT) return env.RC_USER_JWT.trim();
  if (env.RC_USER_JWT_FILE) return readJwtFile(resolve(expandHome(env.RC_USER_JWT_FILE, env)), 'RC_USER_JWT_FILE');
  if (rc.jwt) return rc.jwt.trim();
  if (rc.jwtFile) return readJwtFile(resolve(fileDir, expandHome(rc.jwtFile, env)), `ringcentral.jwtFile in ${configPath}`);
  return undefined;
}

function readJwtFile(path: string, source: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${source}: cannot read the JWT file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const jwt = text.trim();
  if (!jwt) throw new ConfigError(`${source}: the JWT file ${path} is empty`);
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

function checkedServerUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError('RC_SERVER_URL: expected an http(s) URL such as https://platform.ringcentral.com');
  }
  return value;
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
