import { z } from 'zod';
import { dateTimeString } from './common.js';

/*
 * RingSense / AI Conversation Expert `RecordingInsights` (docs/ringcentral.md, "RingSense insights"; spec; example
 * test/fixtures/ringcentral/examples/ringsense-insights-pbx.json). Insight keys are PascalCase arrays; times are seconds from the
 * start of the recording. An external speaker has `accountId`/`extensionId` null.
 */

const seconds = z.number().nonnegative();

const speaker = z.looseObject({
  speakerId: z.string(),
  name: z.string().nullish(),
  accountId: z.string().nullish(),
  extensionId: z.string().nullish(),
  phoneNumber: z.string().nullish(),
});

const utterance = z.looseObject({ speakerId: z.string(), text: z.string(), start: seconds, end: seconds });
const timedValue = z.looseObject({ value: z.string(), start: seconds, end: seconds });
const spokenValue = z.looseObject({ speakerId: z.string().optional(), value: z.string(), start: seconds, end: seconds });
const plainValue = z.looseObject({ value: z.string() });

export const insightsSchema = z.looseObject({
  Transcript: z.array(utterance).optional(),
  Summary: z.array(timedValue).optional(),
  Highlights: z.array(spokenValue).optional(),
  NextSteps: z.array(spokenValue).optional(),
  BulletedSummary: z.array(z.looseObject({ value: z.string(), section: z.string().optional() })).optional(),
  AIScore: z.array(plainValue).optional(),
  Sentiment: z.array(z.looseObject({ value: z.string() })).optional(),
  CallNotes: z.array(plainValue).optional(),
});

export const recordingInsightsSchema = z.looseObject({
  title: z.string(),
  rsRecordUri: z.string().optional(),
  domain: z.string(),
  sourceRecordId: z.string(),
  sourceSessionId: z.string(),
  callDirection: z.string().optional(),
  ownerExtensionId: z.string(),
  recordingDurationMs: z.number().int().nonnegative(),
  recordingStartTime: dateTimeString,
  creationTime: dateTimeString,
  lastModifiedTime: dateTimeString,
  speakerInfo: z.array(speaker),
  insights: insightsSchema,
});

export type RecordingInsights = z.infer<typeof recordingInsightsSchema>;
export type InsightType = 'NextSteps' | 'Transcript' | 'Summary' | 'Highlights' | 'BulletedSummary' | 'AIScore' | 'CallNotes' | 'Sentiment';
