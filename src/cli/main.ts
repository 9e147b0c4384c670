import type { CliContext } from './context.js';
import { InterruptedError } from '../util/interrupted.js';
import { startPager } from './output/pager-process.js';
import { runCli } from './run.js';

/**
 * The entry point of bin/recordings, and the only place that touches process.argv and
 * process.exit. It waits for stdout and stderr to drain first, so a large export piped into
 * another program is not cut short.
 */
export async function main(argv: string[]): Promise<void> {
  const ctx: CliContext = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdinIsTTY: process.stdin.isTTY === true,
    readLine: () => readLineFromStdin(),
    now: () => new Date(),
    interruption: () => interruptionSignal(),
    startPager: (pager, warn) => startPager(pager, process.stdout, warn),
  };
  // A reader that goes away (`recordings export | head`) is not an error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  let code: number;
  try {
    code = await runCli(argv, ctx);
  } catch (error) {
    process.stderr.write(`recordings: unexpected failure: ${(error as Error).message}\n`);
    code = 1;
  }
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}

let interruptions: AbortController | undefined;

function interruptionSignal(): AbortSignal {
  if (!interruptions) {
    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write(`recordings: ${signal}: stopping after the current step (again to stop at once)\n`);
      controller.abort(new InterruptedError(signal));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    interruptions = controller;
  }
  return interruptions.signal;
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write('', () => resolve());
  });
}

async function readLineFromStdin(): Promise<string | null> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin });
  try {
    for await (const line of rl) return line;
    return null;
  } finally {
    rl.close();
  }
}
