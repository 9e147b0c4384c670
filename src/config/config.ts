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

export interface RingCentralSettings {
  server: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  jwt: string | undefined;
}

export interface SyncSettings {
  sinceMs: number;
  lookbackMs: number;
  settleMs: number;
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
