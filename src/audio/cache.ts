import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ensurePrivateDir, writePrivateFileAtomic } from '../util/private-files.js';
import { sha256OfFile } from './file-hash.js';
import { extensionFor, safeName } from './layout.js';

export interface CachedAudio {
  path: string;
  bytes: number;
  contentType: string | null;
}

/** What the sidecar `<id>.json` records about a complete cached file. */
interface Sidecar {
  file: string;
  bytes: number;
  sha256: string;
  contentType: string | null;
}

/** Cached audio not used for this long is deleted: it is personal data, and the archive is the place to keep audio. */
export const CACHE_MAX_AGE_MS = 7 * 24 * 3_600_000;

/**
 * Audio fetched by `stream`, kept in `$XDG_CACHE_HOME/recordings/audio` (0700 folder, 0600 files) so
 * the next stream of the same recording needs no download. A file only counts as cached once its
 * sidecar `<id>.json` exists, written after the download completed and was renamed into place; the
 * sidecar's size and sha256 are checked on every use. A download in progress lives in `<id>.part`
 * (claimed by one process as `<id>.<pid>.part`), which the next run resumes.
 */
export class AudioCache {
  readonly dir: string;

  constructor(cacheDir: string) {
    this.dir = join(cacheDir, 'audio');
    ensurePrivateDir(cacheDir);
    ensurePrivateDir(this.dir);
  }

  /** The complete cached file of a recording, verified; null (and the entry removed) when it is missing or damaged. */
  async lookup(recordingId: string): Promise<CachedAudio | null> {
    const name = safeName(recordingId);
    const sidecarPath = join(this.dir, `${name}.json`);
    const sidecar = readSidecar(sidecarPath, name);
    if (!sidecar) return null;
    const path = join(this.dir, sidecar.file);
    try {
      if (statSync(path).size === sidecar.bytes && (await sha256OfFile(path)) === sidecar.sha256) {
        const now = new Date();
        utimesSync(path, now, now);
        utimesSync(sidecarPath, now, now);
        return { path, bytes: sidecar.bytes, contentType: sidecar.contentType };
      }
    } catch {
      // Missing or unreadable: treated like a damaged entry.
    }
    rmSync(path, { force: true });
    rmSync(sidecarPath, { force: true });
    return null;
  }

  /**
   * Takes the partial download of a recording for this process: the `<id>.part` an interrupted run
   * left, or one a process that died was writing, or a new empty one. Renaming is atomic, so two
   * streams of the same recording never write into the same file.
   */
  claimPart(recordingId: string): string {
    const name = safeName(recordingId);
    const own = join(this.dir, `${name}.${process.pid}.part`);
    if (existsSync(own)) return own;
    for (const candidate of [`${name}.part`, ...this.orphanedParts(name)]) {
      try {
        renameSync(join(this.dir, candidate), own);
        return own;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return own;
  }

  /** Leaves an unfinished download where the next run looks for it. */
  releasePart(recordingId: string, partPath: string): void {
    if (!existsSync(partPath)) return;
    if (statSync(partPath).size === 0) {
      rmSync(partPath, { force: true });
      return;
    }
    renameSync(partPath, join(this.dir, `${safeName(recordingId)}.part`));
  }

  /** Verifies nothing (the caller checked the length); hashes, renames the part into place and writes the sidecar. */
  async commit(recordingId: string, partPath: string, contentType: string | null): Promise<CachedAudio> {
    const name = safeName(recordingId);
    const file = `${name}.${extensionFor(contentType)}`;
    const sidecarPath = join(this.dir, `${name}.json`);
    const previous = readSidecar(sidecarPath, name);
    if (previous && previous.file !== file) rmSync(join(this.dir, previous.file), { force: true });
    const bytes = statSync(partPath).size;
    const sha256 = await sha256OfFile(partPath);
    const path = join(this.dir, file);
    renameSync(partPath, path);
    const sidecar: Sidecar = { file, bytes, sha256, contentType };
    writePrivateFileAtomic(sidecarPath, `${JSON.stringify(sidecar)}\n`);
    return { path, bytes, contentType };
  }

  /** Deletes cached audio, sidecars and partial downloads not used for `maxAgeMs`. */
  evict(nowMs: number, maxAgeMs = CACHE_MAX_AGE_MS): void {
    for (const entry of readdirSync(this.dir)) {
      const path = join(this.dir, entry);
      try {
        const stat = statSync(path);
        if (stat.isFile() && nowMs - stat.mtimeMs > maxAgeMs) rmSync(path, { force: true });
      } catch {
        // Gone already (another stream evicted it).
      }
    }
  }

  /** `<id>.<pid>.part` files whose process is no longer running. */
  private orphanedParts(name: string): string[] {
    const pattern = new RegExp(`^${name}\\.(\\d+)\\.part$`);
    return readdirSync(this.dir).filter((entry) => {
      const pid = pattern.exec(entry)?.[1];
      return pid !== undefined && !isRunning(Number(pid));
    });
  }
}

function readSidecar(path: string, name: string): Sidecar | null {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
  const sidecar = value as Partial<Sidecar> | null;
  if (
    !sidecar ||
    typeof sidecar.file !== 'string' ||
    basename(sidecar.file) !== sidecar.file ||
    !sidecar.file.startsWith(`${name}.`) ||
    typeof sidecar.bytes !== 'number' ||
    typeof sidecar.sha256 !== 'string'
  ) {
    return null;
  }
  return { file: sidecar.file, bytes: sidecar.bytes, sha256: sidecar.sha256, contentType: typeof sidecar.contentType === 'string' ? sidecar.contentType : null };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
