import { createHash } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ensurePrivateDir } from '../util/private-files.js';

/** `<audio dir>/<yyyy>/<mm>/<recordingId>.<ext>` (docs/design.md, "Sync", step 6), by the call's UTC start. */
export function audioPathFor(audioDir: string, recordingId: string, startTime: string, contentType: string | null): string {
  const start = new Date(startTime);
  const year = String(start.getUTCFullYear());
  const month = String(start.getUTCMonth() + 1).padStart(2, '0');
  // The id becomes a file name: anything but safe characters is replaced, so an id can never climb out.
  const safeId = recordingId.replace(/[^A-Za-z0-9_-]/g, '_');
  return join(audioDir, year, month, `${safeId}.${extensionFor(contentType)}`);
}

export function extensionFor(contentType: string | null): string {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'audio/mpeg' || type === 'audio/mp3') return 'mp3';
  return 'wav';
}

/**
 * Streams audio into a 0600 temp file beside its final place, hashing as it goes, then renames it:
 * a crash leaves either the whole file or none (a stray temp file at worst, never a short file).
 */
export async function writeAudioFile(path: string, body: Readable, signal?: AbortSignal): Promise<{ sha256: string; bytes: number }> {
  ensurePrivateDir(join(path, '..', '..'));
  ensurePrivateDir(join(path, '..'));
  const temp = `${path}.${process.pid}.part`;
  const hash = createHash('sha256');
  let bytes = 0;
  body.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  try {
    await pipeline(body, createWriteStream(temp, { mode: 0o600 }), signal ? { signal } : {});
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return { sha256: hash.digest('hex'), bytes };
}
