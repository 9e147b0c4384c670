import { formatDuration, parseDuration } from '../../config/duration.js';
import { auditPrune, pruneArchive, type PruneArchiveResult } from '../../sync/retention.js';
import { UsageError } from '../errors.js';
import type { CommandFunction, Invocation } from '../invocation.js';
import { openDatabase } from '../open-database.js';
import { type TimeFormatter, terminalSafe, timeFormatter } from '../output/index.js';
import { currentActor } from './actor.js';

export interface PruneOptions {
  olderThan: string;
  dryRun?: boolean;
  yes?: boolean;
}

/** How many of the oldest candidates a dry run lists. */
const SAMPLE_SIZE = 20;

/**
 * `recordings prune --older-than <duration>`: retention. Deletes recordings that started before
 * now − duration (rows, segments, insights, FTS entries, archived audio), keeps those on legal hold,
 * and writes an audit row. Asks on a terminal; refuses without --yes anywhere else, so a cron line
 * with a typo cannot empty the archive unasked.
 */
export const pruneCommand: CommandFunction<PruneOptions> = async (invocation, options) => {
  const { ctx, log } = invocation;
  const ms = parseDuration(options.olderThan);
  if (ms === undefined || ms <= 0) {
    throw new UsageError(`--older-than: '${options.olderThan}' is not a duration`, 'example: recordings prune --older-than 365d --dry-run');
  }
  const dryRun = options.dryRun === true;
  if (!dryRun && options.yes !== true && !ctx.stdinIsTTY) {
    throw new UsageError(
      'prune deletes recordings and there is no terminal to confirm on: add --yes',
      `check first: recordings prune --older-than ${options.olderThan} --dry-run`,
    );
  }
  const now = ctx.now();
  const cutoff = new Date(now.getTime() - ms).toISOString();
  const { store } = await openDatabase(invocation);
  try {
    const preview = await pruneArchive(store, { cutoff, dryRun: true, sampleSize: SAMPLE_SIZE });
    if (dryRun) {
      ctx.stdout.write(describeDryRun(preview, ms, timeFormatter(ctx.stdout, now)));
      return 0;
    }
    if (preview.matched > 0 && options.yes !== true && !(await confirmed(invocation, preview))) {
      log.error('cancelled: nothing was deleted');
      return 1;
    }
    const result = await pruneArchive(store, {
      cutoff,
      onBatch: (deleted) => log.verbose(`deleted ${deleted} of ${preview.matched} recordings`),
    });
    await auditPrune(store, result, currentActor(ctx.env), ctx.now().toISOString(), { olderThan: formatDuration(ms) });
    ctx.stdout.write(
      `Deleted ${result.deleted} recording${result.deleted === 1 ? '' : 's'} that started before ${timeFormatter(ctx.stdout, now).at(cutoff)} ` +
        `(${result.audioFilesRemoved} archived audio file${result.audioFilesRemoved === 1 ? '' : 's'} removed); ` +
        `${result.held} on legal hold kept.\n`,
    );
    if (result.audioFilesFailed.length > 0) {
      for (const failed of result.audioFilesFailed.slice(0, 5)) log.warn(`could not remove ${terminalSafe(failed.path)} (${failed.error})`);
      log.error(`${result.audioFilesFailed.length} archived audio files of deleted recordings could not be removed: delete them by hand`);
      return 1;
    }
    return 0;
  } finally {
    await store.close();
  }
};

async function confirmed(invocation: Invocation, preview: PruneArchiveResult): Promise<boolean> {
  const { ctx } = invocation;
  const audio = preview.audioFiles > 0 ? ` and ${preview.audioFiles} archived audio file${preview.audioFiles === 1 ? '' : 's'}` : '';
  const held = preview.held > 0 ? ` (${preview.held} on legal hold are kept)` : '';
  ctx.stderr.write(
    `Delete ${preview.matched} recording${preview.matched === 1 ? '' : 's'} that started before ${timeFormatter(ctx.stderr, ctx.now()).at(preview.cutoff)}${audio}${held}? ` +
      'This cannot be undone. [y/N] ',
  );
  const answer = (await ctx.readLine?.()) ?? null;
  return answer !== null && /^\s*(y|yes)\s*$/i.test(answer);
}

function describeDryRun(preview: PruneArchiveResult, ms: number, times: TimeFormatter): string {
  const lines = [
    `Cut-off       ${times.at(preview.cutoff)} (${formatDuration(ms)} ago)`,
    `Would delete  ${preview.matched} recording${preview.matched === 1 ? '' : 's'} and ${preview.audioFiles} archived audio file${preview.audioFiles === 1 ? '' : 's'}`,
    `Kept          ${preview.held} on legal hold`,
  ];
  if (preview.sample.length > 0) {
    lines.push(`Oldest ${preview.sample.length === preview.matched ? '' : `${preview.sample.length} of ${preview.matched}`}`.trimEnd() + ':');
    for (const row of preview.sample) lines.push(`  ${terminalSafe(row.id).padEnd(20)} ${times.at(row.startTime)}`);
  }
  lines.push('Dry run: nothing was deleted.');
  return `${lines.join('\n')}\n`;
}
