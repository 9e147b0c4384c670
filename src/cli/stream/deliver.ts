import { createReadStream, statSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { TextSink } from '../context.js';
import { UsageError } from '../errors.js';

/** Writes bytes to stdout (or a test's buffer), waiting for 'drain' when the pipe is full. */
export function byteSink(sink: TextSink): (chunk: Buffer) => Promise<void> {
  return async (chunk) => {
    if (sink.write(chunk) || !sink.once) return;
    await new Promise<void>((resolve) => sink.once!('drain', resolve));
  };
}

/** Streams a whole file into a sink; resolves with the bytes sent. */
export async function sendFile(path: string, sink: (chunk: Buffer) => Promise<void>): Promise<number> {
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    await sink(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return bytes;
}

/**
 * Copies the audio to `target` as a 0600 file (a recording is personal data): a temp file beside it,
 * fsync, rename, so the target is either the whole recording or untouched.
 */
export async function saveCopy(source: string, target: string): Promise<number> {
  let isFolder = false;
  try {
    isFolder = statSync(target).isDirectory();
  } catch {
    // Does not exist yet: the usual case.
  }
  if (isFolder) throw new UsageError(`--output ${target} is a folder`, 'name a file, e.g. --output call.wav');
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  let handle;
  try {
    handle = await open(temp, 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot write ${target}: ${code === 'ENOENT' ? 'its folder does not exist' : code}`);
  }
  try {
    const bytes = await sendFile(source, async (chunk) => {
      await handle.write(chunk);
    });
    await handle.sync();
    await handle.close();
    await rename(temp, target);
    return bytes;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}
