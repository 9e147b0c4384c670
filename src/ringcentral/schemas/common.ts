import { z } from 'zod';

/** An ISO 8601 timestamp the sync can turn into milliseconds (`startTime`, `lastModifiedTime`: docs/ringcentral.md, "Records and legs"). */
export const dateTimeString = z.string().refine((value) => !Number.isNaN(Date.parse(value)), {
  message: 'expected an ISO 8601 date-time',
});
