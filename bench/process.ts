/** Child processes measured from outside: wall time, peak RSS (VmHWM), output. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/recordings', import.meta.url));

export interface ChildRun {
  exitCode: number;
  seconds: number;
  /** Peak resident set (VmHWM), polled every 20 ms; 0 when the process ended before the first poll. */
  peakMb: number;
  stdoutBytes: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `command args` to the end. `keepStdout` false counts the bytes without keeping them (an
 * export of a million rows).
 */
export function runChild(command: string, args: string[], env: NodeJS.ProcessEnv, keepStdout = true): Promise<ChildRun> {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdoutBytes = 0;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdoutBytes += chunk.length;
    if (keepStdout) out.push(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    } catch {
      // The process has just exited.
    }
  }, 20);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({
        exitCode: code ?? -1,
        seconds: (performance.now() - started) / 1000,
        peakMb: peakKb / 1024,
        stdoutBytes,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** The environment of a spawned CLI: a private HOME and XDG folders, and the database to use. */
export function cliEnv(dir: string, database: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
    TZ: process.env.TZ ?? 'UTC',
    HOME: dir,
    XDG_CONFIG_HOME: `${dir}/config`,
    XDG_STATE_HOME: `${dir}/state`,
    XDG_CACHE_HOME: `${dir}/cache`,
    RECORDINGS_DB: database,
    NO_COLOR: '1',
    ...extra,
  };
}
