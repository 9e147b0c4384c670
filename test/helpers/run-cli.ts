import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliContext, TextSink } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run.js';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

class Collector implements TextSink {
  chunks: Buffer[] = [];
  constructor(
    readonly isTTY = false,
    readonly columns: number | undefined = undefined,
  ) {}
  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    return true;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs the CLI in this process, as main.ts would, with the output captured. `terminal` makes stdout
 * a (pretend) terminal that many columns wide, as a person's shell has it; there is no pager then,
 * as no real terminal is there to hand it (test/query/pager.test.ts runs one on a pseudo-terminal).
 */
export async function cli(
  args: string[],
  env: Record<string, string | undefined>,
  options: { stdinIsTTY?: boolean; input?: string[]; now?: () => Date; terminal?: { columns: number } } = {},
): Promise<CliResult> {
  const stdout = options.terminal ? new Collector(true, options.terminal.columns) : new Collector();
  const stderr = new Collector();
  const input = [...(options.input ?? [])];
  const ctx: CliContext = {
    stdout,
    stderr,
    env,
    stdinIsTTY: options.stdinIsTTY ?? false,
    readLine: async () => input.shift() ?? null,
    now: options.now ?? (() => new Date()),
  };
  const exitCode = await runCli(['node', 'recordings', ...args], ctx);
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

export const BIN = fileURLToPath(new URL('../../bin/recordings', import.meta.url));

/** Spawns bin/recordings as a user would (needs `npm run build` first: `npm test` does it). */
export function spawnCli(
  args: string[],
  env: Record<string, string | undefined>,
  options: { cwd?: string; timeoutMs?: number; uid?: number; gid?: number } = {},
): Promise<CliResult & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, {
      env: env as NodeJS.ProcessEnv,
      cwd: options.cwd,
      uid: options.uid,
      gid: options.gid,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode: code ?? -1,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
