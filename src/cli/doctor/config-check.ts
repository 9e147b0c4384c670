import type { Config } from '../../config/config.js';
import { ConfigError } from '../../config/errors.js';
import { checkCredentialSettings, loadConfig, locateConfigFile } from '../../config/load.js';
import type { Env } from '../../config/paths.js';
import type { GlobalOptions } from '../context.js';
import { type CheckResult, fail, pass } from './check.js';

const TITLE = 'config file';

/** Loads the configuration as every command would; a config that does not load ends the doctor's local checks. */
export async function checkConfig(globals: GlobalOptions, env: Env): Promise<{ result: CheckResult; config: Config | null }> {
  const located = locateConfigFile(globals, env);
  try {
    const config = await loadConfig(globals, env);
    // A credential setting that is set but broken (an unreadable JWT file) is a config problem here.
    checkCredentialSettings(config);
    const message = config.configFile
      ? `${config.configFile} is valid`
      : `no config file at ${located.path}: using the defaults and the RC_* environment variables`;
    return { result: pass('config', TITLE, message), config };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      result: fail('config', TITLE, error.message, `correct ${located.path} (config.example.json shows every key)`),
      config: null,
    };
  }
}
