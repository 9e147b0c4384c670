import { describe, expect, it } from 'vitest';
import type { TextSink } from '../context.js';
import { createCopyProgress } from './copy-progress.js';

function sink(isTTY: boolean): TextSink & { text: string } {
  const out = { text: '', isTTY, write: (chunk: string | Uint8Array) => ((out.text += String(chunk)), true) };
  return out;
}

describe('copy progress', () => {
  it('on a terminal: one line rewritten in place with the phase, the count and the share, cleared at the end', () => {
    const tty = sink(true);
    const progress = createCopyProgress(tty, 'normal');
    progress.onProgress('recordings', 500, 2000);
    progress.onProgress('recordings', 1000, 2000);
    progress.onProgress('check', 2000, 2000);
    progress.stop();
    expect(tty.text).toBe(
      '\r\u001b[2Kcopying recordings: 500 of 2000 (25%)\r\u001b[2Kcopying recordings: 1000 of 2000 (50%)\r\u001b[2Kchecking the copy: 2000 of 2000 (100%)\r\u001b[2K',
    );
  });

  it('elsewhere nothing, or with -v one line per phase; -q nothing anywhere', () => {
    const piped = sink(false);
    createCopyProgress(piped, 'normal').onProgress('recordings', 1, 2);
    expect(piped.text).toBe('');
    const verbose = sink(false);
    const progress = createCopyProgress(verbose, 'verbose');
    progress.onProgress('recordings', 1, 2);
    progress.onProgress('recordings', 2, 2);
    progress.onProgress('history', 1, 1);
    expect(verbose.text).toBe('recordings: copying recordings\nrecordings: copying sync runs and the audit log\n');
    const quiet = sink(true);
    createCopyProgress(quiet, 'quiet').onProgress('recordings', 1, 2);
    expect(quiet.text).toBe('');
  });
});
