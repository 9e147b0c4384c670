import { fetchCallLogPages, fetchInsights, type RingCentralClient } from '../ringcentral/index.js';
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
    content: client,
    requestCount: () => client.requestCount,
  };
}
