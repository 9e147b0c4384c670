import type { CallRecordingRow } from '../db/row-types.js';
import type { ArchiveStore } from '../db/store.js';
import type { InvalidRecord, SyncApi } from './api.js';
import type { SyncEventListener } from './events.js';
import { type MappingOptions, mapCallLogRecord } from './map-call-log-record.js';

export interface CallLogPhaseResult {
  seen: number;
  inserted: number;
  updated: number;
  invalid: InvalidRecord[];
  /** Ids of the records read valid in this window. */
  validIds: Set<string>;
  /** False when stopped (signal) before the last page: the window is then not complete. */
  complete: boolean;
}

/**
 * Reads the call log for one window, page by page with a fixed dateTo, and writes each page in one
 * transaction (docs/design.md, "Sync", step 3). A record that cannot be mapped is counted as
 * invalid like one that failed validation; the rest of its page is stored.
 */
export async function syncCallLog(input: {
  store: ArchiveStore;
  api: SyncApi;
  window: { from: number; to: number };
  mapping: MappingOptions;
  now: () => Date;
  signal?: AbortSignal | undefined;
  onEvent: SyncEventListener;
  onPageCommitted: () => Promise<void>;
}): Promise<CallLogPhaseResult> {
  const result: CallLogPhaseResult = { seen: 0, inserted: 0, updated: 0, invalid: [], validIds: new Set(), complete: false };
  const dateFrom = new Date(input.window.from).toISOString();
  const dateTo = new Date(input.window.to).toISOString();
  let page = 0;
  for await (const callLogPage of input.api.callLogPages({ dateFrom, dateTo }, input.signal)) {
    page += 1;
    const rows = new Map<string, CallRecordingRow>();
    const invalid = [...callLogPage.invalid];
    for (const record of callLogPage.records) {
      try {
        for (const row of mapCallLogRecord(record, input.mapping)) rows.set(row.id, row);
        result.validIds.add(record.id);
      } catch (error) {
        invalid.push({ id: record.id, startTime: typeof record.startTime === 'string' ? record.startTime : null, error: (error as Error).message });
      }
    }
    const counts = await input.store.writeCallRecordings([...rows.values()], input.now().toISOString());
    result.seen += rows.size;
    result.inserted += counts.inserted;
    result.updated += counts.updated;
    for (const record of invalid) input.onEvent({ type: 'invalid-record', id: record.id, error: record.error });
    result.invalid.push(...invalid);
    input.onEvent({ type: 'page', page, records: callLogPage.records.length, seen: result.seen, new: result.inserted, updated: result.updated });
    await input.onPageCommitted();
    // Stop between pages, never inside one: what is committed is whole.
    if (input.signal?.aborted) return result;
  }
  result.complete = true;
  return result;
}
