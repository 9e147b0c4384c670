/** The configuration every command receives, resolved from flags, environment, config file and defaults. */
export interface Config {
  /** The config file that was read, or null when none exists at the default path. */
  configFile: string | null;
  database: string;
  tokenFile: string;
  cacheDir: string;
  ringcentral: RingCentralSettings;
  sync: SyncSettings;
  retention: { days: number | null };
  phone: { defaultRegion: string };
  player: string | null;
  topics: Record<string, string[]>;
  intents: Record<string, string[]>;
}

/**
 * The RingCentral settings as configured, not yet checked: the server URL is checked and a JWT file
 * read only by requireCredentials, when a command is about to talk to RingCentral. A broken
 * credential setting must not stop the commands that only read the archive
 * (docs/cli.md, "Setup and configuration").
 */
export interface RingCentralSettings {
  server: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  jwt: JwtSetting | undefined;
  /**
   * How long RingCentral keeps this account's recordings (its retention setting, 90 days by default):
   * a content 404 for an older call means the audio is gone, for a newer one it may be transient.
   */
  recordingRetentionDays: number;
}

/** The JWT itself, or the file that holds it and the setting that named the file (for messages). */
export type JwtSetting = { value: string } | { file: string; source: string };

export interface SyncSettings {
  sinceMs: number;
  lookbackMs: number;
  settleMs: number;
  /** The longest call the daily wide re-read catches (docs/design.md, "RingCentral as it really behaves"); 0 turns it off. */
  longestCallMs: number;
  transcripts: boolean;
  audio: boolean;
  audioDir: string;
  maxTranscriptsPerRun: number;
  maxAudioPerRun: number;
  minRecordingSeconds: number;
  transcriptGiveUpAfterMs: number;
  requestTimeoutMs: number;
  maxRetries: number;
}

/** Credentials that are known to be present, for the commands that talk to RingCentral. */
export interface Credentials {
  server: string;
  clientId: string;
  clientSecret: string;
  jwt: string;
}

export const DEFAULT_SERVER = 'https://platform.ringcentral.com';
