import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { type ActionResult, examples, lazyAction } from '../invocation.js';

export function defineStream(program: Command, ctx: CliContext, result: ActionResult): void {
  program
    .command('stream')
    .description("play a recording's audio, save it, or pipe it")
    .argument('<id>', 'a recording id, call-log record id or telephony session id')
    .option('-o, --output <file>', 'save the audio to this file; - writes the bytes to stdout')
    .option('--player <cmd>', 'the player to open the audio file with, arguments allowed (also RECORDINGS_PLAYER, config player)')
    .option('--url', 'print a time-limited URL that carries an access token (valid for at most an hour)')
    .addHelpText(
      'after',
      examples(
        'recordings stream 1234567890',
        'recordings stream 1234567890 --output call.mp3',
        'recordings stream 1234567890 -o - | mpv -',
        "recordings stream 1234567890 --player 'mpv --volume=70'",
        'recordings stream 1234567890 --url',
      ),
    )
    .action(lazyAction(ctx, result, async () => (await import('../commands/stream.js')).streamCommand));
}
