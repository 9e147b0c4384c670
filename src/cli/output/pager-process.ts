import { type ChildProcess, spawn } from 'node:child_process';
import type { TextSink } from '../context.js';
import type { PagedOutput, PagerCommand } from './pager.js';

/** Characters that need a shell to mean what they say; a pager command without them is run directly. */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~=%{}\n]/;

/**
 * The real pager on the process's terminal. It starts at the first write, so a command that prints
 * nothing, or only an error, never opens it. A pager that cannot be started (not installed) is
 * reported once and the output goes straight to the terminal; a pager quit early (q before the end:
 * its stdin is closed, writes fail with EPIPE) drops the rest quietly, and the command's exit code
 * stays its own.
 */
export function startPager(pager: PagerCommand, terminal: TextSink, warn: (message: string) => void): PagedOutput {
  return new PagerProcess(pager, terminal, warn);
}

type State = 'idle' | 'starting' | 'running' | 'direct' | 'gone';

class PagerProcess implements PagedOutput, TextSink {
  readonly isTTY = true;
  readonly sink: TextSink = this;
  private state: State = 'idle';
  private child: ChildProcess | null = null;
  /** What was written before the pager had started: shown directly if it cannot start. */
  private held: (string | Uint8Array)[] = [];
  private started: Promise<void> = Promise.resolve();
  private closed: Promise<void> = Promise.resolve();

  constructor(
    private readonly pager: PagerCommand,
    private readonly terminal: TextSink,
    private readonly warn: (message: string) => void,
  ) {}

  get columns(): number | undefined {
    return this.terminal.columns;
  }

  write(chunk: string | Uint8Array): boolean {
    if (this.state === 'idle') this.start();
    switch (this.state) {
      case 'starting':
        this.held.push(chunk);
        return true;
      case 'running':
        return this.child!.stdin!.write(chunk);
      case 'direct':
        return this.terminal.write(chunk);
      default:
        return true;
    }
  }

  async finish(): Promise<void> {
    if (this.state === 'idle') return;
    await this.started;
    if (this.state === 'running') this.child!.stdin!.end();
    await this.closed;
    process.off('SIGINT', ignoreWhilePaging);
  }

  private start(): void {
    this.state = 'starting';
    const { command, env } = this.pager;
    const [file, ...args] = SHELL_SYNTAX.test(command) ? ['/bin/sh', '-c', command] : command.split(/\s+/);
    const child = spawn(file!, args, { stdio: ['pipe', 'inherit', 'inherit'], env });
    this.child = child;
    // Ctrl-C belongs to the pager (less stops a search with it); this process waits for the pager
    // to end, or the shell would print its prompt over a pager still running.
    process.on('SIGINT', ignoreWhilePaging);
    // The person quit before the end: the rest is not wanted, and that is not an error.
    child.stdin!.on('error', () => this.stop());
    this.started = new Promise((resolve) => {
      child.once('spawn', () => {
        if (this.state === 'starting') {
          this.state = 'running';
          for (const chunk of this.held) child.stdin!.write(chunk);
        }
        this.held = [];
        resolve();
      });
      child.once('error', (error: NodeJS.ErrnoException) => {
        if (this.state === 'starting') this.showDirectly(error);
        resolve();
      });
    });
    this.closed = new Promise((resolve) => {
      child.once('close', () => {
        this.stop();
        resolve();
      });
      child.once('error', () => resolve());
    });
  }

  private showDirectly(error: NodeJS.ErrnoException): void {
    this.state = 'direct';
    this.warn(`cannot start the pager '${this.pager.command}' (${error.code ?? error.message}): printing without it (set PAGER, or use --no-pager)`);
    for (const chunk of this.held) this.terminal.write(chunk);
    this.held = [];
  }

  private stop(): void {
    if (this.state !== 'direct') this.state = 'gone';
  }
}

function ignoreWhilePaging(): void {}
