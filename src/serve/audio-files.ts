import { statSync } from 'node:fs';
import { extname } from 'node:path';
import { type LocalAudio, type ObtainAudioInput, obtainAudio } from '../audio/obtain.js';
import type { RecordingDetail } from '../db/queries/get.js';
import type { ArchiveReader } from '../query/reader.js';

/** What `serve` needs to fetch audio that is neither archived nor cached: the settings `stream` uses. */
export interface AudioSettings {
  /** `$XDG_CACHE_HOME/recordings`. */
  cacheDir: string;
  /** The configured RingCentral server. */
  server: string;
  recordingRetentionDays: number;
  /** A RingCentral client for the download, made on first need (the SDK loads only then). */
  connect: ObtainAudioInput['connect'];
}

/** A file holding a recording's audio, and its media type. */
export interface AudioFile extends LocalAudio {
  mediaType: string;
}

/** A verified file is trusted this long before it is checked again: a player seeking sends many requests. */
const TRUSTED_MS = 60_000;

/**
 * Recordings' audio for the stream route, through the audio module (docs/design.md, "The audio module"):
 * the archive, then the cache, then RingCentral. Checking a file hashes it, and a player seeking
 * asks for the same recording many times, so a checked file is reused for a minute while its size
 * stays the same; requests for a recording whose download is under way wait for that one download.
 * Nothing is written to the archive: the cache only.
 */
export class AudioFiles {
  private readonly trusted = new Map<string, { file: AudioFile; until: number }>();
  private readonly pending = new Map<string, Promise<AudioFile>>();

  constructor(
    private readonly reader: ArchiveReader,
    private readonly settings: AudioSettings,
    private readonly now: () => Date,
  ) {}

  async file(recording: RecordingDetail): Promise<AudioFile> {
    const known = this.trusted.get(recording.id);
    if (known && known.until > this.now().getTime() && sizeOf(known.file.path) === known.file.bytes) return known.file;
    let pending = this.pending.get(recording.id);
    if (!pending) {
      pending = this.obtain(recording).finally(() => this.pending.delete(recording.id));
      this.pending.set(recording.id, pending);
    }
    const file = await pending;
    const nowMs = this.now().getTime();
    if (this.trusted.size >= 256) for (const [id, entry] of this.trusted) if (entry.until <= nowMs) this.trusted.delete(id);
    this.trusted.set(recording.id, { file, until: nowMs + TRUSTED_MS });
    return file;
  }

  private async obtain(recording: RecordingDetail): Promise<AudioFile> {
    const audio = await obtainAudio({
      recording,
      contentUri: (await this.reader.contentUri(recording.id)) ?? '',
      cacheDir: this.settings.cacheDir,
      server: this.settings.server,
      recordingRetentionDays: this.settings.recordingRetentionDays,
      now: this.now,
      connect: this.settings.connect,
    });
    return { ...audio, mediaType: mediaTypeOf(audio.path) };
  }
}

/** The media type by the file's extension, which the audio module chose from RingCentral's Content-Type. */
export function mediaTypeOf(path: string): string {
  const extension = extname(path).toLowerCase();
  return extension === '.mp3' ? 'audio/mpeg' : extension === '.wav' ? 'audio/wav' : 'application/octet-stream';
}

function sizeOf(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}
