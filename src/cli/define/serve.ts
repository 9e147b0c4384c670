import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { type ActionResult, examples, lazyAction } from '../invocation.js';
import { port } from './parsers.js';

export function defineServe(program: Command, ctx: CliContext, result: ActionResult): void {
  program
    .command('serve')
    .description('serve the archive over HTTP: a web page and a JSON API, read-only')
    .option('--host <addr>', 'the address to listen on; any but loopback (127.0.0.1, localhost, ::1) needs --token-file', '127.0.0.1')
    .option('--port <n>', 'the port; 0 picks a free one', port, 8080)
    .option('--public-host <name>', 'a host name a reverse proxy forwards in Host (repeatable); needs --token-file', collect, [])
    .option('--token-file <file>', 'bearer tokens, one per line (name:token); every request then needs one')
    .addHelpText(
      'after',
      examples(
        'recordings serve                                  # http://127.0.0.1:8080/, this machine only',
        'recordings serve --port 0                         # any free port; the URL is printed',
        "curl -s 'http://127.0.0.1:8080/api/v1/recordings?search_text=refund&limit=5'",
        'recordings serve --public-host recordings.example.com --token-file /etc/recordings/tokens',
      ) +
        '\nOn start it prints the base URL on stdout, and runs until SIGINT or SIGTERM. With --token-file, send\n' +
        "Authorization: Bearer <token>, or sign in on the page. Before the first sync the API answers 503.\n",
    )
    .action(lazyAction(ctx, result, async () => (await import('../commands/serve.js')).serveCommand));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
