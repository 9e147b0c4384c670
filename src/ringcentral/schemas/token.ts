import { z } from 'zod';

/** The token endpoint's answer (docs/ringcentral.md, "Auth and tokens"; spec `TokenInfo`). */
export const tokenInfoSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number(),
  refresh_token: z.string().optional(),
  refresh_token_expires_in: z.number().optional(),
  scope: z.string().optional(),
  owner_id: z.string().optional(),
  endpoint_id: z.string().optional(),
  session_id: z.string().optional(),
});

export type TokenInfo = z.infer<typeof tokenInfoSchema>;
