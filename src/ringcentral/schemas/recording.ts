import { z } from 'zod';

/**
 * `GetCallRecordingResponse` (docs/ringcentral.md, "Recording content"). The client never fetches it (the call-log record already
 * carries `recording.{id,type,contentUri}`); the schema documents the shape for the simulator's tests.
 */
export const recordingInfoSchema = z.looseObject({
  id: z.string(),
  contentUri: z.string(),
  contentType: z.string(),
  duration: z.number().int().nonnegative(),
});

export type RecordingInfo = z.infer<typeof recordingInfoSchema>;
