import type { TextSink, Verbosity } from '../context.js';

export interface DownloadProgress {
  request(offset: number): void;
  progress(bytes: number, total: number | null): void;
  interrupted(bytes: number, reason: string): void;
  waiting(ms: number, reason: string): void;
  /** Clears the spinner; `summary` is shown as a last line where progress is shown at all. */
  stop(summary?: string): void;
}

/**
 * Download progress on stderr, never stdout (stdout may carry the audio itself): a spinner with
 * bytes and percentage on a terminal; on anything else nothing, unless `-v` asks for plain lines.
 */
export async function createDownloadProgress(stderr: TextSink, verbosity: Verbosity, label: string): Promise<DownloadProgress> {
  if (verbosity === 'quiet' || (!stderr.isTTY && verbosity !== 'verbose')) {
    return { request: () => {}, progress: () => {}, interrupted: () => {}, waiting: () => {}, stop: () => {} };
  }
  // A terminal that reports 0 columns cannot size a spinner line (ora grows without bound there).
  if (!stderr.isTTY || !((stderr as { columns?: number }).columns ?? 80)) {
    const line = (text: string) => stderr.write(`${label}: ${text}\n`);
    return {
      request: (offset) => line(offset > 0 ? `resuming the download at byte ${offset}` : 'downloading from RingCentral'),
      progress: () => {},
      interrupted: (bytes, reason) => line(`the download broke off after ${formatBytes(bytes)} (${reason}); resuming`),
      waiting: (ms, reason) => line(`waiting ${Math.ceil(ms / 1000)} s: ${reason}`),
      stop: (summary) => summary && line(summary),
    };
  }
  // ora costs ~150 ms to load: only a download on a terminal pays for it.
  const { default: ora } = await import('ora');
  // discardStdin would put the terminal in raw mode, where Ctrl-C is a byte rather than SIGINT.
  const spinner = ora({ stream: stderr as NodeJS.WritableStream, text: `${label}: connecting`, discardStdin: false }).start();
  let note = '';
  let last = '';
  return {
    request: (offset) => {
      note = offset > 0 ? ' (resumed)' : '';
    },
    progress: (bytes, total) => {
      const text = `${label}: ${formatBytes(bytes)}${total ? ` of ${formatBytes(total)} (${Math.floor((bytes / total) * 100)}%)` : ''}${note}`;
      if (text !== last) spinner.text = last = text;
    },
    interrupted: (bytes) => {
      spinner.text = last = `${label}: connection lost after ${formatBytes(bytes)}, resuming`;
    },
    waiting: (ms, reason) => {
      if (ms >= 1000) spinner.text = last = `${label}: waiting ${Math.ceil(ms / 1000)} s (${reason})`;
    },
    stop: (summary) => {
      if (summary) spinner.succeed(`${label}: ${summary}`);
      else spinner.stop();
    },
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
