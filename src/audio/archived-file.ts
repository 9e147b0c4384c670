import { statSync } from 'node:fs';
import type { RecordingDetail } from '../db/queries/get.js';
import { sha256OfFile } from './file-hash.js';

/**
 * The archived audio file of a recording (`sync --audio`), if it can be trusted: the archive says
 * `archived`, the file is there, and its sha256 is the one stored when it was written. A file that
 * was moved, truncated or changed is not played; the recording is fetched again instead.
 */
export async function verifiedArchiveFile(audio: RecordingDetail['audio']): Promise<{ path: string; bytes: number } | null> {
  if (audio.status !== 'archived' || !audio.path || !audio.sha256) return null;
  let bytes: number;
  try {
    const stat = statSync(audio.path);
    if (!stat.isFile()) return null;
    bytes = stat.size;
  } catch {
    return null;
  }
  if (audio.bytes !== null && audio.bytes !== bytes) return null;
  try {
    return (await sha256OfFile(audio.path)) === audio.sha256 ? { path: audio.path, bytes } : null;
  } catch {
    return null;
  }
}
