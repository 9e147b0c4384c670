import { z } from 'zod';
import { parseDuration } from './duration.js';

const duration = z
  .string()
  .refine((value) => parseDuration(value) !== undefined, { message: 'expected a duration such as 90m, 2h or 7d' });

const nonEmpty = z.string().min(1, { message: 'must not be empty' });

const keywordRules = z.record(nonEmpty, z.array(nonEmpty).min(1, { message: 'needs at least one keyword' }));

/**
 * The config file. Every object is strict: a misspelt key is an error rather than a setting silently
 * ignored. Everything is optional here; defaults are applied when the file is merged with the
 * environment and the flags (see load.ts).
 */
export const configFileSchema = z.strictObject({
  database: nonEmpty.optional(),
  tokenFile: nonEmpty.optional(),
  ringcentral: z
    .strictObject({
      server: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).optional(),
      clientId: nonEmpty.optional(),
      clientSecret: nonEmpty.optional(),
      jwt: nonEmpty.optional(),
      jwtFile: nonEmpty.optional(),
      recordingRetentionDays: z.number().int().min(1).max(36_500).optional(),
    })
    .optional(),
  sync: z
    .strictObject({
      since: duration.optional(),
      lookback: duration.optional(),
      settle: duration.optional(),
      /** How long a call may last and still be archived (the daily wide re-read); false turns the re-read off. */
      longestCall: z.union([duration, z.literal(false)]).optional(),
      transcripts: z.boolean().optional(),
      audio: z.boolean().optional(),
      audioDir: nonEmpty.optional(),
      maxTranscriptsPerRun: z.number().int().min(0).max(100_000).optional(),
      maxAudioPerRun: z.number().int().min(0).max(100_000).optional(),
      minRecordingSeconds: z.number().int().min(0).max(86_400).optional(),
      transcriptGiveUpAfter: duration.optional(),
      requestTimeout: duration.optional(),
      maxRetries: z.number().int().min(0).max(20).optional(),
    })
    .optional(),
  retention: z
    .strictObject({
      days: z.number().int().min(1).max(36_500).nullable().optional(),
    })
    .optional(),
  phone: z
    .strictObject({
      defaultRegion: z
        .string()
        .regex(/^[A-Z]{2}$/, { message: 'expected a two-letter ISO country code such as US' })
        .optional(),
    })
    .optional(),
  player: nonEmpty.optional(),
  topics: keywordRules.optional(),
  intents: keywordRules.optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
