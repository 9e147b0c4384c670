import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseFromFlagOrEnv } from '../../config/load.js';
import { startSimulator } from '../../simulator/index.js';
import type { CliContext, TextSink } from '../context.js';
import { ExitCodeError } from '../errors.js';
import { commandForThisInstall } from '../how-to-run.js';
import type { CommandFunction, Invocation } from '../invocation.js';
import { redactDatabaseUrl } from '../../util/database-url.js';

export interface DemoOptions {
  seed: number;
  calls: number;
}

/**
 * `recordings demo`: the whole product against the built-in simulator, no account needed. Starts
 * the simulator on 127.0.0.1, syncs a database (a temporary one unless --db names one), then runs
 * `search --text reservation`, `get` of the top hit and `stats` exactly as a user would type them.
 * The user's own config file and token file are never read or written.
 */
export const demoCommand: CommandFunction<DemoOptions> = async (invocation, options) => {
  const { ctx } = invocation;
  const out = ctx.stdout;
  // --db only: the demo never falls back to RECORDINGS_DB, which may well name the real archive.
  const named = databaseFromFlagOrEnv({ db: invocation.globals.db }, { HOME: ctx.env.HOME });
  const workDir = mkdtempSync(join(tmpdir(), 'recordings-demo-'));
  const database = named ?? join(workDir, 'demo.db');
  // Insights appear at once (RingCentral takes ~30 min) and there are no rate limits, so the demo
  // takes seconds instead of an hour; everything else is RingCentral's wire format.
  const sim = await startSimulator({ seed: options.seed, calls: options.calls, days: 3, insightsDelaySeconds: 0, rateLimits: 'off' });
  try {
    const env = {
      PATH: ctx.env.PATH,
      HOME: workDir,
      TZ: ctx.env.TZ,
      NO_COLOR: ctx.env.NO_COLOR,
      FORCE_COLOR: ctx.env.FORCE_COLOR,
      TERM: ctx.env.TERM,
      XDG_CONFIG_HOME: join(workDir, 'config'),
      XDG_STATE_HOME: join(workDir, 'state'),
      XDG_CACHE_HOME: join(workDir, 'cache'),
      RECORDINGS_DB: database,
      RC_SERVER_URL: sim.url,
      RC_APP_CLIENT_ID: sim.credentials.clientId,
      RC_APP_CLIENT_SECRET: sim.credentials.clientSecret,
      RC_USER_JWT: sim.credentials.jwt,
    };
    const step = makeStepRunner(invocation, env);
    out.write(`RingCentral simulator running on ${sim.url} with ${options.calls} calls over 3 days (seed ${options.seed}).\n`);
    out.write(`Database: ${redactDatabaseUrl(database)}${named ? '' : ' (temporary)'}\n`);

    await step(['sync', '--since', '3d'], 'Sync the call log, recordings, transcripts and insights');
    await step(['search', '--text', 'reservation', '--limit', '5'], 'Find the calls about reservations');
    const top = await topHitId(invocation, env);
    if (top) await step(['get', top], 'Show the top hit with its transcript and insights');
    await step(['stats'], 'Totals over the archive');
    // Typed where the user is: in a clone after `npm install` the bare name is not on PATH.
    const recordings = commandForThisInstall(ctx.env, process.cwd());
    out.write(
      `\nThat is the whole product. To try it yourself, run the simulator in one shell:\n` +
        `  ${recordings} simulator\n` +
        `then paste the export lines it prints into another shell, and there:\n` +
        `  ${recordings} sync && ${recordings} search --text "gift card"\n` +
        (named ? `Your demo database stays at ${redactDatabaseUrl(database)}.\n` : ''),
    );
    return 0;
  } finally {
    await sim.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
};

function makeStepRunner(invocation: Invocation, env: Record<string, string | undefined>) {
  return async (args: string[], title: string): Promise<void> => {
    const { ctx } = invocation;
    ctx.stdout.write(`\n━━ ${title}\n$ recordings ${args.map(quote).join(' ')}\n`);
    const code = await runNested(invocation, args, env, ctx.stdout, ctx.stderr);
    if (code !== 0) throw new ExitCodeError(code, `demo step 'recordings ${args.join(' ')}' failed (exit ${code})`);
  };
}

async function topHitId(invocation: Invocation, env: Record<string, string | undefined>): Promise<string | null> {
  const chunks: string[] = [];
  const capture: TextSink = { write: (chunk) => (chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')), true) };
  const code = await runNested(invocation, ['search', '--text', 'reservation', '--limit', '1', '--json'], env, capture, capture);
  if (code !== 0) return null;
  const parsed = JSON.parse(chunks.join('')) as { recordings: { id: string }[] };
  return parsed.recordings[0]?.id ?? null;
}

async function runNested(invocation: Invocation, args: string[], env: Record<string, string | undefined>, stdout: TextSink, stderr: TextSink) {
  // The run module is loaded here, not at the top: it pulls in the program definition, which
  // itself lazily loads this command.
  const { runCli } = await import('../run.js');
  const color = invocation.globals.color ? [] : ['--no-color'];
  // No pager: the demo is one stream of output, not a command per screen.
  const ctx: CliContext = { ...invocation.ctx, env, stdout, stderr, startPager: undefined };
  return runCli(['node', 'recordings', ...color, ...args], ctx);
}

function quote(arg: string): string {
  return /^[\w./:-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
