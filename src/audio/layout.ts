import { renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensurePrivateDir } from '../util/private-files.js';
import { sha256OfFile } from './file-hash.js';

/**
 * Where archived audio lives: `<audio dir>/<yyyy>/<mm>/<recordingId>.<mp3|wav>` by the call's UTC
 * start (docs/design.md, "Sync", step 6), folders 0700 and files 0600. The extension follows the
 * Content-Type RingCentral served, never the call log (which does not carry it).
 */
export function audioPathFor(audioDir: string, recordingId: string, startTime: string, contentType: string | null): string {
  return join(monthDir(audioDir, startTime), `${safeName(recordingId)}.${extensionFor(contentType)}`);
}

/** The download in progress of a recording, beside where it will be archived; the next sync resumes it. */
export function archivePartPath(audioDir: string, recordingId: string, startTime: string): string {
  const dir = monthDir(audioDir, startTime);
  ensurePrivateDir(audioDir);
  ensurePrivateDir(dirname(dir));
  ensurePrivateDir(dir);
  return join(dir, `${safeName(recordingId)}.part`);
}

/** `audio/mpeg` (and the informal `audio/mp3`) is MP3; anything else RingCentral sends is WAV. */
export function extensionFor(contentType: string | null): 'mp3' | 'wav' {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'audio/mpeg' || type === 'audio/mp3') return 'mp3';
  return 'wav';
}

/** A recording id as a file name: anything but safe characters is replaced, so an id can never climb out of the folder. */
export function safeName(recordingId: string): string {
  return recordingId.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * Puts a complete download in its place: hashes it, then renames it (atomic), so the archive holds
 * either the whole file or none. Returns what the database records.
 */
export async function commitToArchive(partPath: string, path: string): Promise<{ sha256: string; bytes: number }> {
  const bytes = statSync(partPath).size;
  const sha256 = await sha256OfFile(partPath);
  renameSync(partPath, path);
  return { sha256, bytes };
}

function monthDir(audioDir: string, startTime: string): string {
  const start = new Date(startTime);
  return join(audioDir, String(start.getUTCFullYear()), String(start.getUTCMonth() + 1).padStart(2, '0'));
}
