import { z } from 'zod';
import { dateTimeString } from './common.js';

/*
 * Call-log schemas (docs/ringcentral.md, "Call log"; spec `CallLogResponse`, `CallLogRecord`, `CallLogRecordLegInfo`).
 * Objects are loose: RingCentral adds fields over time and an unknown one must not reject a record.
 * The long enums that keep growing (`action`: 36 values, `result`: 45, `reason`, `legType`: 43,
 * `internalType`) are plain strings for the same reason; `type` and `direction` stay enums because
 * the sync relies on them.
 */

const party = z.looseObject({
  phoneNumber: z.string().optional(),
  extensionNumber: z.string().optional(),
  extensionId: z.string().optional(),
  name: z.string().optional(),
  location: z.string().optional(),
  device: z.looseObject({ id: z.string(), uri: z.string().optional() }).optional(),
  dialerPhoneNumber: z.string().optional(),
  dialedPhoneNumber: z.string().optional(),
});

export const callLogRecordingSchema = z.looseObject({
  id: z.string(),
  uri: z.string(),
  type: z.string(),
  contentUri: z.string(),
});

/** `extension.id` is the only numeric id in a record (spec `ExtensionInfoCallLog`, int64). */
const extension = z.looseObject({ id: z.number().int(), uri: z.string().optional() });

const sessionLink = z.looseObject({ telephonySessionId: z.string().optional() });

const baseRecordShape = {
  startTime: dateTimeString,
  type: z.enum(['Voice', 'Fax']),
  direction: z.enum(['Inbound', 'Outbound']),
  action: z.string(),
  result: z.string().optional(),
  reason: z.string().optional(),
  reasonDescription: z.string().optional(),
  duration: z.number().int().nonnegative().optional(),
  durationMs: z.number().int().nonnegative().optional(),
  from: party.optional(),
  to: party.optional(),
  extension: extension.optional(),
  telephonySessionId: z.string().optional(),
  sipUuidInfo: z.string().optional(),
  partyId: z.string().optional(),
  transport: z.string().optional(),
  internalType: z.string().optional(),
  recording: callLogRecordingSchema.optional(),
  shortRecording: z.boolean().optional(),
  message: z.looseObject({ id: z.string(), type: z.string().optional(), uri: z.string().optional() }).optional(),
  delegate: z.looseObject({ id: z.string(), name: z.string().optional() }).optional(),
  delegationType: z.string().optional(),
  billing: z.looseObject({ costIncluded: z.number().optional(), costPurchased: z.number().optional() }).optional(),
  finished: z.boolean().optional(),
  transferTarget: sessionLink.optional(),
  transferee: sessionLink.optional(),
  metadataCategories: z.array(z.string()).optional(),
};

export const callLogLegSchema = z.looseObject({
  ...baseRecordShape,
  legType: z.string(),
  master: z.boolean().optional(),
});

export const callLogRecordSchema = z.looseObject({
  ...baseRecordShape,
  id: z.string().min(1),
  uri: z.string(),
  sessionId: z.string(),
  deleted: z.boolean().optional(),
  lastModifiedTime: dateTimeString.optional(),
  legs: z.array(callLogLegSchema).optional(),
});

const pageUri = z.looseObject({ uri: z.string() });

export const navigationSchema = z.looseObject({
  firstPage: pageUri.optional(),
  nextPage: pageUri.optional(),
  previousPage: pageUri.optional(),
  lastPage: pageUri.optional(),
});

export const pagingSchema = z.looseObject({
  page: z.number().int().optional(),
  perPage: z.number().int(),
  pageStart: z.number().int().optional(),
  pageEnd: z.number().int().optional(),
  totalPages: z.number().int().optional(),
  totalElements: z.number().int().optional(),
});

/** The page envelope; records are validated one by one (see `parseCallLogPage`). */
export const callLogPageEnvelopeSchema = z.looseObject({
  uri: z.string().optional(),
  records: z.array(z.unknown()),
  navigation: navigationSchema,
  paging: pagingSchema,
});

export type CallLogRecording = z.infer<typeof callLogRecordingSchema>;
export type CallLogLeg = z.infer<typeof callLogLegSchema>;
export type CallLogRecord = z.infer<typeof callLogRecordSchema>;
export type CallLogNavigation = z.infer<typeof navigationSchema>;
export type CallLogPaging = z.infer<typeof pagingSchema>;
