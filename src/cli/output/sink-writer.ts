import type { TextSink } from '../context.js';

const CHUNK_CHARS = 64 * 1024;

/**
 * Collects many small pieces into ~64 KiB chunks and hands each to `emit`, waiting for it: a
 * million-row export into a slow reader or disk then keeps memory flat.
 */
export class ChunkedWriter {
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(private readonly emit: (chunk: string) => Promise<void> | void) {}

  /** Queues text; waits only when a chunk went out and its destination asked us to. */
  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= CHUNK_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    await this.emit(chunk);
  }
}

/** Writes to stdout (or a test's buffer), waiting for 'drain' when the stream says it is full. */
export function sinkEmitter(sink: TextSink): (chunk: string) => Promise<void> | void {
  return (chunk) => {
    if (sink.write(chunk) || !sink.once) return;
    return new Promise<void>((resolve) => sink.once!('drain', resolve));
  };
}
