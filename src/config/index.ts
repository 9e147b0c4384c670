export type { Config, Credentials, RingCentralSettings, SyncSettings } from './config.js';
export { DEFAULT_SERVER } from './config.js';
export { ConfigError } from './errors.js';
export { formatDuration, parseDuration } from './duration.js';
export { type ConfigFlags, loadConfig, locateConfigFile, requireCredentials, resolveDatabasePath } from './load.js';
export { type Env, expandHome, xdgDirs } from './paths.js';
