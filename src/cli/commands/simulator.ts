import { type AudioFormat, RINGSENSE_BEHAVIOURS, type RateLimitOption, type RingSenseBehaviourName, parseRateLimits, startSimulator } from '../../simulator/index.js';
import { UsageError } from '../errors.js';
import type { CommandFunction } from '../invocation.js';
import { signalNameOf } from '../../util/interrupted.js';

export interface SimulatorCommandOptions {
  port: number;
  seed: number;
  calls: number;
  days: number;
  rateLimits: string;
  live?: boolean;
  /** Share of calls lasting hours (default 0.002 on the command line). */
  longCalls?: number;
  ringsense: RingSenseBehaviourName;
  accessTokenTtl: number;
  /** false with `--no-refresh-tokens`. */
  refreshTokens: boolean;
  audioFormat: AudioFormat;
}

const AUDIO_FORMATS: readonly AudioFormat[] = ['wav', 'mp3', 'mixed'];

/**
 * `recordings simulator`: runs the RingCentral simulator in the foreground, prints the RC_* lines to
 * export on stdout, and stops cleanly on SIGINT/SIGTERM. The credentials it prints only open the simulator.
 */
export const simulatorCommand: CommandFunction<SimulatorCommandOptions> = async (invocation, options) => {
  let rateLimits: RateLimitOption;
  try {
    rateLimits = parseRateLimits(options.rateLimits);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), `example: --rate-limits '{"Heavy":{"limit":10,"window":60,"penalty":60}}'`);
  }
  const sim = await startSimulator({
    port: options.port,
    seed: options.seed,
    calls: options.calls,
    days: options.days,
    rateLimits,
    live: options.live === true,
    longCallShare: options.longCalls,
    ...RINGSENSE_BEHAVIOURS[options.ringsense],
    accessTokenTtlSeconds: options.accessTokenTtl,
    issueRefreshTokens: options.refreshTokens,
    audioFormat: options.audioFormat,
  });
  const { stdout } = invocation.ctx;
  stdout.write(
    [
      `export RC_SERVER_URL=${sim.url}`,
      `export RC_APP_CLIENT_ID=${sim.credentials.clientId}`,
      `export RC_APP_CLIENT_SECRET=${sim.credentials.clientSecret}`,
      `export RC_USER_JWT=${sim.credentials.jwt}`,
      '',
    ].join('\n'),
  );
  const limits = typeof rateLimits === 'string' ? rateLimits : 'custom';
  invocation.log.info(
    `RingCentral simulator on ${sim.url}: ${options.calls} calls over ${options.days} days (seed ${options.seed}), rate limits ${limits}, RingSense ${options.ringsense}${options.live ? ', live' : ''}${options.refreshTokens ? '' : ', no refresh tokens'}. Press Ctrl-C to stop.`,
  );
  const interrupted = invocation.ctx.interruption?.() ?? new AbortController().signal;
  await new Promise<void>((resolve) => interrupted.addEventListener('abort', () => resolve(), { once: true }));
  await sim.stop();
  invocation.log.info(`simulator stopped (${signalNameOf(interrupted)}), ${sim.requests.length} requests served`);
  return 0;
};
