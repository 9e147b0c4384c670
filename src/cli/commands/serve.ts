import type { Config } from '../../config/config.js';
import { loadConfig, requireCredentials } from '../../config/load.js';
import { openStoreReader } from '../../query/store-reader.js';
import { createApp } from '../../serve/app.js';
import { securitySettings } from '../../serve/options.js';
import type { AudioSettings } from '../../serve/audio-files.js';
import { ServeOptionError } from '../../serve/options-error.js';
import { startServer } from '../../serve/server.js';
import { UsageError } from '../errors.js';
import type { CommandFunction } from '../invocation.js';
import { packageVersion } from '../version.js';
import { redactDatabaseUrl } from '../../util/database-url.js';

export interface ServeCommandOptions {
  host: string;
  port: number;
  publicHost: string[];
  tokenFile?: string;
}

/**
 * `recordings serve` (docs/cli.md, "`recordings serve`"): checks the security options (exit 2 for a
 * non-loopback address or a public host without tokens), listens, prints the base URL, and serves
 * until SIGINT or SIGTERM, then stops within a second and exits 0. An archive that does not exist yet
 * is no reason not to start: the API answers 503 until a sync has made one.
 */
export const serveCommand: CommandFunction<ServeCommandOptions> = async (invocation, options) => {
  const { ctx } = invocation;
  if (!ctx.interruption) throw new Error('serve needs a way to be stopped (SIGINT/SIGTERM)');
  const config = await loadConfig(invocation.globals, ctx.env);
  const log = (line: string) => invocation.log.error(`serve: ${line}`);
  const security = await usage(() => securitySettings({ host: options.host, port: options.port, publicHosts: options.publicHost, tokenFile: options.tokenFile }, log));
  const stop = ctx.interruption();
  const reader = openStoreReader(config.database, { now: ctx.now });
  const app = createApp({
    reader,
    security,
    defaultRegion: config.phone.defaultRegion,
    audio: audioSettings(config),
    now: ctx.now,
    log,
  });
  const server = await usage(() => startServer(app, options.host, options.port));
  ctx.stdout.write(`${server.url}\n`);
  invocation.log.verbose(`serving ${redactDatabaseUrl(config.database)}${security.tokens ? ` to ${security.tokens.size} token${security.tokens.size === 1 ? '' : 's'}` : ' to this machine only'}`);
  await new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    else stop.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  await reader.close();
  return 0;
};

/**
 * Audio neither archived nor cached is fetched with the stored credentials, as `stream` fetches it:
 * they are read only then, so a server without credentials still serves everything else. One client
 * serves every download (its governor paces them as one).
 */
function audioSettings(config: Config): AudioSettings {
  let client: ReturnType<AudioSettings['connect']> | null = null;
  const connect = async () => {
    const credentials = requireCredentials(config);
    // The SDK and zod load on the first download, not at start.
    const { RingCentralClient, clientOptionsFromConfig } = await import('../../ringcentral/client.js');
    return new RingCentralClient(clientOptionsFromConfig(config, credentials, { appVersion: packageVersion() }));
  };
  return {
    cacheDir: config.cacheDir,
    server: config.ringcentral.server,
    recordingRetentionDays: config.ringcentral.recordingRetentionDays,
    connect: () => {
      client ??= connect().catch((error: unknown) => {
        client = null;
        throw error;
      });
      return client;
    },
  };
}

/** The server's own refusals are usage errors: exit 2 with the hint. */
async function usage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ServeOptionError) throw new UsageError(error.message, error.hint);
    throw error;
  }
}
