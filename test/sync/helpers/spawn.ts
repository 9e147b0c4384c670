import { type ChildProcess, spawn } from 'node:child_process';
import { BIN } from '../../helpers/run-cli.js';

export interface Finished {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the first stderr line matching `pattern` (rejects if the process ends first). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  finished: Promise<Finished>;
  kill(signal: NodeJS.Signals): void;
}

/** Spawns bin/recordings (built) and watches its stderr line by line. Killed after `timeoutMs`. */
export function startCli(args: string[], env: Record<string, string | undefined>, timeoutMs = 40_000): RunningCli {
  const child = spawn(BIN, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let pending = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  const lines: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stderr += text;
    pending += text;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      lines.push(line);
      for (const waiter of waiters.splice(0)) {
        if (waiter.pattern.test(line)) waiter.resolve(line);
        else waiters.push(waiter);
      }
      newline = pending.indexOf('\n');
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const finished = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`the process ended (${exitCode ?? signal}) before a line matched ${waiter.pattern}; stderr:\n${stderr}`));
      resolve({ exitCode, signal, stdout, stderr });
    });
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    waitForLine: (pattern, waitMs = 30_000) => {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`the process already ended; stderr:\n${stderr}`));
      return new Promise<string>((resolve, reject) => {
        const timeout = setTimeout(() => reject(new Error(`no line matched ${pattern} within ${waitMs} ms; stderr:\n${stderr}`)), waitMs);
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timeout);
            resolve(line);
          },
          reject: (error) => {
            clearTimeout(timeout);
            reject(error);
          },
        });
      });
    },
    finished,
    kill: (signal) => {
      child.kill(signal);
    },
  };
}

/** A small seeded generator (mulberry32): the kill points of a trial are reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
