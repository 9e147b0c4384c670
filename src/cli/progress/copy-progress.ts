import type { CopyPhase } from '../../db/copy/copy-archive.js';
import type { TextSink, Verbosity } from '../context.js';

const PHASES: Record<CopyPhase, string> = { recordings: 'copying recordings', history: 'copying sync runs and the audit log', check: 'checking the copy' };

/**
 * Progress of a copy on stderr: one line rewritten in place on a terminal; nothing elsewhere (cron,
 * pipes), and with -v a line per phase there.
 */
export function createCopyProgress(stderr: TextSink, verbosity: Verbosity): { onProgress: (phase: CopyPhase, done: number, total: number) => void; stop: () => void } {
  if (verbosity === 'quiet') return { onProgress: () => {}, stop: () => {} };
  if (!stderr.isTTY) {
    let last: CopyPhase | null = null;
    return {
      onProgress: (phase) => {
        if (verbosity === 'verbose' && phase !== last) stderr.write(`recordings: ${PHASES[phase]}\n`);
        last = phase;
      },
      stop: () => {},
    };
  }
  let shown = false;
  return {
    onProgress: (phase, done, total) => {
      const percent = total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : '';
      stderr.write(`\r\u001b[2K${PHASES[phase]}: ${done} of ${total}${percent}`);
      shown = true;
    },
    stop: () => {
      if (shown) stderr.write('\r\u001b[2K');
      shown = false;
    },
  };
}
