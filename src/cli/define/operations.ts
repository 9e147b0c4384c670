import { type Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { type ActionResult, examples, lazyAction } from '../invocation.js';
import { positiveInt } from './parsers.js';

/** status, prune, hold, backup, doctor, audit: what an operator runs. */
export function defineOperations(program: Command, ctx: CliContext, result: ActionResult): void {
  program
    .command('status')
    .description('the database, its schema version, counts, the checkpoint and the last syncs')
    .option('--json', 'print one JSON object')
    .option('--max-age <duration>', 'exit 1 when the last successful sync is older than this (for monitoring)')
    .addOption(new Option('--runs <n>', 'how many recent sync runs to show').argParser(positiveInt).default(5))
    .addHelpText('after', examples('recordings status', 'recordings status --max-age 30m || alert "recordings sync is stale"'))
    .action(lazyAction(ctx, result, async () => (await import('../commands/status.js')).statusCommand));

  program
    .command('prune')
    .description('delete recordings older than a cut-off (held recordings are kept)')
    .requiredOption('--older-than <duration>', 'the cut-off, back from now (e.g. 365d)')
    .option('--dry-run', 'list what would be deleted, delete nothing')
    .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal)')
    .addHelpText('after', examples('recordings prune --older-than 365d --dry-run', 'recordings prune --older-than 365d --yes'))
    .action(lazyAction(ctx, result, async () => (await import('../commands/prune.js')).pruneCommand));

  program
    .command('hold')
    .description('put a recording on legal hold (or release it): held recordings survive prune')
    .argument('<id>', 'a recording id, call-log record id or telephony session id')
    .option('--reason <text>', 'why it is held')
    .option('--release', 'release the hold')
    .addHelpText('after', examples('recordings hold 1234567890 --reason "case 4711"', 'recordings hold 1234567890 --release'))
    .action(lazyAction(ctx, result, async () => (await import('../commands/hold.js')).holdCommand));

  program
    .command('backup')
    .description('write an online, consistent copy of the database (safe while a sync runs)')
    .argument('<file>', 'where to write the copy')
    .addHelpText('after', examples('recordings backup /var/backups/recordings-$(date +%F).db'))
    .action(lazyAction(ctx, result, async () => (await import('../commands/backup.js')).backupCommand));

  program
    .command('doctor')
    .description('check the config, credentials, permissions, database and player, with a fix for each problem')
    .option('--json', 'print the checks as JSON')
    .addHelpText('after', examples('recordings doctor'))
    .action(lazyAction(ctx, result, async () => (await import('../commands/doctor.js')).doctorCommand));

  program
    .command('audit')
    .description('the audit log: prune, hold, backup, export and stream, with who and when')
    .option('--json', 'print one JSON object')
    .addOption(new Option('--limit <n>', 'how many entries, newest first').argParser(positiveInt).default(100))
    .addHelpText('after', examples('recordings audit', 'recordings audit --json | jq \'.entries[] | select(.action == "export")\''))
    .action(lazyAction(ctx, result, async () => (await import('../commands/audit.js')).auditCommand, { paged: true }));
}
