import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * An output file written whole, then renamed into place: a 0600 temp file beside the target (same
 * file system, so the rename is atomic), fsync, rename. A reader never sees half a file, and a
 * failed command leaves the old file as it was. Exports hold transcripts: personal data, hence 0600.
 */
export class AtomicFile {
  private constructor(
    readonly path: string,
    private readonly temp: string,
    private readonly handle: FileHandle,
  ) {}

  /** Creates the temp file now, so an unwritable destination fails before any work is done. */
  static async create(path: string): Promise<AtomicFile> {
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
    try {
      return new AtomicFile(path, temp, await open(temp, 'wx', 0o600));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError(`cannot write ${path}: ${code === 'ENOENT' ? 'its folder does not exist' : code}`);
    }
  }

  async write(chunk: string): Promise<void> {
    await this.handle.write(chunk);
  }

  async commit(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
    await rename(this.temp, this.path);
  }

  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.temp, { force: true });
  }
}
