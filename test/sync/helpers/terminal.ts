import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { afterEach } from 'vitest';
import { BIN } from '../../helpers/run-cli.js';

/**
 * util-linux `script` runs a command on a fresh pseudo-terminal and relays its own stdin to it, so
 * a byte written there reaches the command as a key typed on a terminal: \x03 is Ctrl-C, turned
 * into SIGINT by the terminal's line discipline unless the program put it in raw mode. (BSD and
 * macOS `script` take other arguments; those tests are skipped there.)
 */
export const HAS_UTIL_LINUX_SCRIPT = (() => {
  const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && /util-linux/.test(probe.stdout);
})();

export const CTRL_C = '\u0003';

export interface TerminalRun {
  child: ChildProcess;
  /** Everything the program wrote to the terminal (stdout and stderr), escape codes removed. */
  readonly screen: string;
  /** The pid of bin/recordings itself (script's command execs it), once the terminal showed it. */
  readonly pid: number | null;
  /** Resolves once the screen matches `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Types on the terminal's keyboard. */
  type(keys: string): void;
  /** Kills the program and its terminal unless script ended normally (then so had the program). */
  stop(): void;
  /** The command's exit code (script -e passes it on) and when it ended. */
  finished: Promise<{ exitCode: number | null; endedAt: number }>;
}

const running = new Set<TerminalRun>();
afterEach(() => {
  for (const run of running) run.stop();
  running.clear();
});


const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * Runs bin/recordings on a 100×30 pseudo-terminal, as a person at a terminal would: stdin, stdout
 * and stderr are the terminal, so the spinner shows. Killed after `timeoutMs`.
 */
export function startInTerminal(args: string[], env: Record<string, string | undefined>, timeoutMs = 60_000): TerminalRun {
  // A pseudo-terminal made without a size reports 0 columns; a real one has a size.
  const command = `stty cols 100 rows 30; echo "pid $$"; exec ${[BIN, ...args].map(quote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let raw = '';
  const watchers: { pattern: RegExp; resolve: () => void }[] = [];
  const screen = () => raw.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '\n');
  const onOutput = (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    const text = screen();
    for (const watcher of watchers.splice(0)) {
      if (watcher.pattern.test(text)) watcher.resolve();
      else watchers.push(watcher);
    }
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  const pid = () => {
    const shown = /pid (\d+)/.exec(raw);
    return shown ? Number(shown[1]) : null;
  };
  const stop = () => {
    if (child.exitCode !== null) return;
    const program = pid();
    if (program !== null) {
      try {
        process.kill(program, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    child.kill('SIGKILL');
  };
  const timer = setTimeout(stop, timeoutMs);
  const finished = new Promise<{ exitCode: number | null; endedAt: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, endedAt: Date.now() });
    });
  });
  const waitFor = (pattern: RegExp, waitMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      if (pattern.test(screen())) return resolve();
      const timeout = setTimeout(() => reject(new Error(`the terminal never showed ${pattern} within ${waitMs} ms; it shows:\n${screen().slice(-2000)}`)), waitMs);
      watchers.push({
        pattern,
        resolve: () => {
          clearTimeout(timeout);
          resolve();
        },
      });
      void finished.then(() => {
        clearTimeout(timeout);
        if (!pattern.test(screen())) reject(new Error(`the program ended before the terminal showed ${pattern}; it shows:\n${screen().slice(-2000)}`));
      });
    });
  const run: TerminalRun = {
    child,
    get screen() {
      return screen();
    },
    get pid() {
      return pid();
    },
    stop,
    waitFor,
    type: (keys) => {
      child.stdin!.write(keys);
    },
    finished,
  };
  running.add(run);
  return run;
}
