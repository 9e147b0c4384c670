import { downloadContent, fetchCallLogPages, fetchInsights, type RingCentralClient } from '../ringcentral/index.js';
import { ApiError } from '../ringcentral/errors.js';
import type { SyncApi } from './api.js';

/** The sync engine's port, implemented over the RingCentral client (SDK, governor, tokens). */
export function ringCentralSyncApi(client: RingCentralClient): SyncApi {
  return {
    async *callLogPages(window, signal) {
      for await (const page of fetchCallLogPages(client, { dateFrom: window.dateFrom, dateTo: window.dateTo, signal })) {
        yield { records: page.records, invalid: page.invalid };
      }
    },
    async insights(recordingId, signal) {
      const result = await fetchInsights(client, recordingId, { signal });
      if (result.kind === 'ready') return { kind: 'ready', body: result.body };
      if (result.kind === 'not_found') return { kind: 'not_found' };
      if (result.kind === 'route_missing') return { kind: 'route_missing', reason: result.reason };
      return { kind: 'forbidden', cause: result.cause, reason: result.reason };
    },
    async downloadAudio(contentUri, signal) {
      try {
        const download = await downloadContent(client, contentUri, { signal });
        return { body: download.body, contentType: download.contentType };
      } catch (error) {
        // Past RingCentral's 90-day retention (docs/ringcentral.md, "Retention") the content is gone: 404.
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    requestCount: () => client.requestCount,
  };
}
