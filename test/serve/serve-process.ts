import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach } from 'vitest';
import { BIN } from '../helpers/run-cli.js';

export interface RunningServe {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  /** Sends `signal` and resolves with the exit code and how long the process took to end. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * `bin/recordings serve --port 0 …` as a user starts it (built: `npm run build`), once it has printed
 * its URL. A server started in a test is killed after it, unless the test stopped it; one started in
 * beforeAll is the caller's to stop.
 */
export function startServe(args: string[], env: Record<string, string | undefined>, options: { untilTestEnds?: boolean } = {}): Promise<RunningServe> {
  const child = spawn(BIN, ['serve', '--port', '0', ...args], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  if (options.untilTestEnds) running.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.endsWith('\n')) return;
      resolve({
        child,
        url: out.trim(),
        stderr: () => err,
        async stop(signal) {
          const started = performance.now();
          if (child.exitCode === null) child.kill(signal);
          const code = await exited;
          return { code, ms: performance.now() - started };
        },
      });
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code} before printing its URL: ${err}`)));
  });
}
