/** Bad configuration: a config file, an environment variable or a missing credential. Exit code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
