import { z } from 'zod';

/**
 * RingCentral's error bodies (docs/ringcentral.md, "Error codes"): API errors `{errorCode?, message?, errors: [{errorCode,
 * message, …}]}` and OAuth errors `{error, error_description, errors?}`. Every field is optional
 * here: an error body is read for a reason to show, never trusted to be complete.
 */
export const errorBodySchema = z.looseObject({
  errorCode: z.string().optional(),
  message: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
  description: z.string().optional(),
  permissionName: z.string().optional(),
  errors: z
    .array(
      z.looseObject({
        errorCode: z.string().optional(),
        message: z.string().optional(),
        parameterName: z.string().optional(),
        permissionName: z.string().optional(),
      }),
    )
    .optional(),
});

export type ErrorBody = z.infer<typeof errorBodySchema>;
