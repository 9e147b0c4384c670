import { type ChildProcess, spawn } from 'node:child_process';
import { BIN } from '../process.js';

export interface RunningServer {
  /** The base URL `serve` printed, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  stderr(): string;
  stop(): Promise<number | null>;
}

/** Starts `bin/recordings serve --port 0` as a user would (the browser tests and the page benchmark) and waits for the one line with its URL. */
export function startServe(env: Record<string, string | undefined>, args: string[] = []): Promise<RunningServer> {
  const child = spawn(BIN, ['serve', '--port', '0', ...args], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no URL within 20 s; stderr: ${err}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before printing its URL; stderr: ${err}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n')[0] ?? '';
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ url: line.trim(), stderr: () => err, stop: () => stop(child) });
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}
