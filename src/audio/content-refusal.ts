import { ApiError } from '../ringcentral/errors.js';

/** RingCentral's media host said no about this one recording. */
export interface ContentRefusal {
  /** 404: not there (yet, or any more); 403: the user may not read it. */
  kind: 'not_found' | 'refused';
  status: number;
  /** e.g. `CMN-102`, `CMN-408`. */
  errorCode: string | null;
  /** Short, for the database and messages: `403 CMN-408: <RingCentral's reason>` (no secret: the client redacted it). */
  message: string;
}

/** A 404 or 403 of a content request, or null for any other error. */
export function contentRefusal(error: unknown): ContentRefusal | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status !== 404 && error.status !== 403) return null;
  const message = `${error.status}${error.errorCode ? ` ${error.errorCode}` : ''}: ${reasonOf(error.message)}`.slice(0, 300);
  return { kind: error.status === 404 ? 'not_found' : 'refused', status: error.status, errorCode: error.errorCode, message };
}

/** The client's messages name the request first, `… GET <path> (…): <reason>`: keep the reason. */
function reasonOf(message: string): string {
  const at = message.indexOf('): ');
  return at >= 0 ? message.slice(at + 3) : message;
}
