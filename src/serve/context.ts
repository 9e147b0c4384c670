import type { Hono } from 'hono';

/** What the middleware hands the routes of one request. */
export interface ServeVariables {
  /** Who is asking, for the audit log: the token's name, or `local` when the server needs no token. */
  actor: string;
}

export interface ServeEnv {
  Variables: ServeVariables;
}

/** The application the API and the page mount their routes on. */
export type ServeApp = Hono<ServeEnv>;

/** The actor when the server runs without --token-file: only this machine can reach it. */
export const LOCAL_ACTOR = 'local';
