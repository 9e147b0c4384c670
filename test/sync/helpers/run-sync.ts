import type { CliContext, TextSink } from '../../../src/cli/context.js';
import { runCli } from '../../../src/cli/run.js';
import type { CliResult } from '../../helpers/run-cli.js';

/** Collects output and hands every complete line to a listener as it is written. */
class LineSink implements TextSink {
  private text = '';
  private pending = '';
  constructor(private readonly onLine: (line: string) => void = () => {}) {}
  write(chunk: string | Uint8Array): boolean {
    const piece = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    this.text += piece;
    this.pending += piece;
    let newline = this.pending.indexOf('\n');
    while (newline >= 0) {
      this.onLine(this.pending.slice(0, newline));
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf('\n');
    }
    return true;
  }
  all(): string {
    return this.text;
  }
}

/**
 * Runs the CLI in this process like `cli()` does, but calls `onStderrLine` synchronously for each
 * progress line: a test can act at an exact point of a sync (say, between two call-log pages).
 */
export async function cliWithHooks(
  args: string[],
  env: Record<string, string | undefined>,
  options: { now: () => Date; onStderrLine?: (line: string) => void; signal?: AbortSignal },
): Promise<CliResult> {
  const stdout = new LineSink();
  const stderr = new LineSink(options.onStderrLine);
  const ctx: CliContext = {
    stdout,
    stderr,
    env,
    stdinIsTTY: false,
    readLine: async () => null,
    now: options.now,
    interruption: options.signal ? () => options.signal! : undefined,
  };
  const exitCode = await runCli(['node', 'recordings', ...args], ctx);
  return { exitCode, stdout: stdout.all(), stderr: stderr.all() };
}
