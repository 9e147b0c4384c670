import { type CheckResult, doctorExitCode, skip } from '../doctor/check.js';
import { checkConfig } from '../doctor/config-check.js';
import { checkDatabase } from '../doctor/database-checks.js';
import { checkFileModes } from '../doctor/file-modes.js';
import { checkPlayer } from '../doctor/player-check.js';
import { renderChecks } from '../doctor/render.js';
import { checkRingCentral } from '../doctor/ringcentral-checks.js';
import type { CommandFunction } from '../invocation.js';
import { safeJson } from '../output/index.js';
import { outputWidth } from '../output/wrap.js';
import { packageVersion } from '../version.js';

export interface DoctorOptions {
  json?: boolean;
}

/**
 * `recordings doctor`: every check an operator would otherwise do by hand, each with a one-line
 * fix. Exit 0 when nothing failed (warnings allowed), 3 for a refused credential or permission, 75
 * when RingCentral is unreachable and nothing else is wrong, 1 otherwise (docs/cli.md, "Operations").
 */
export const doctorCommand: CommandFunction<DoctorOptions> = async (invocation, options) => {
  const { ctx } = invocation;
  const results: CheckResult[] = [];
  const { result: configResult, config } = await checkConfig(invocation.globals, ctx.env);
  results.push(configResult);
  if (config === null) {
    results.push(skip('database', 'database', 'skipped: needs a valid config'), skip('credentials', 'credentials', 'skipped: needs a valid config'));
  } else {
    results.push(...checkFileModes(config, ctx.env));
    const database = await checkDatabase(config.database);
    results.push(...database.results);
    results.push(
      ...(await checkRingCentral({
        config,
        now: ctx.now,
        appVersion: packageVersion(),
        newestRecordingId: database.newestRecordingId,
        notLicensed: database.notLicensed,
      })),
    );
    results.push(checkPlayer(config.player, ctx.env));
  }
  const exitCode = doctorExitCode(results);
  ctx.stdout.write(options.json ? `${safeJson({ ok: exitCode === 0, exitCode, checks: results }, 2)}\n` : renderChecks(results, invocation.color, outputWidth(ctx.stdout, ctx.env)));
  return exitCode;
};
