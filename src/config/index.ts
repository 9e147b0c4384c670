export type { Config, Credentials, JwtSetting, RingCentralSettings, SyncSettings } from './config.js';
export { DEFAULT_SERVER } from './config.js';
export { ConfigError } from './errors.js';
export { formatDuration, parseDuration } from './duration.js';
export {
  type ArchiveSettings,
  type ConfigFlags,
  checkCredentialSettings,
  databaseFromFlagOrEnv,
  inlineJwt,
  loadArchiveSettings,
  loadConfig,
  locateConfigFile,
  requireCredentials,
  resolveDatabasePath,
} from './load.js';
export { type Env, expandHome, xdgDirs } from './paths.js';
