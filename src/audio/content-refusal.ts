import { ApiError } from '../ringcentral/errors.js';

/** RingCentral's media host said no about this one recording. */
export interface ContentRefusal {
  /** 404: not there (yet, or any more); 403: the user may not read it. */
  kind: 'not_found' | 'refused';
  status: number;
  /** e.g. `CMN-102`, `CMN-408`. */
  errorCode: string | null;
  /** The client's message: the request, status, errorCode and RingCentral's reason, no secret. */
  message: string;
}

/** A 404 or 403 of a content request, or null for any other error. */
export function contentRefusal(error: unknown): ContentRefusal | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status !== 404 && error.status !== 403) return null;
  return { kind: error.status === 404 ? 'not_found' : 'refused', status: error.status, errorCode: error.errorCode, message: error.message.slice(0, 300) };
}
