import type { RingCentralClient } from './client.js';
import type { CallLogPaging, CallLogRecord } from './schemas/call-log.js';
import { parseCallLogPage, type InvalidCallLogRecord } from './schemas/parse-call-log-page.js';

export const CALL_LOG_PATH = '/restapi/v1.0/account/~/call-log';

export interface CallLogQuery {
  dateFrom: Date | string;
  /** Fixed for the whole walk, so calls that start meanwhile do not shift the pages (docs/ringcentral.md, "Pages"). */
  dateTo: Date | string;
  perPage?: number;
  signal?: AbortSignal | undefined;
}

export interface CallLogPage {
  records: CallLogRecord[];
  /** Records that failed validation, reported rather than fatal (docs/design.md, "Sync", step 3). */
  invalid: InvalidCallLogRecord[];
  /** 1-based page number. */
  page: number;
  paging: CallLogPaging;
}

/**
 * The company call log of a time window, page by page, with every record that has a recording
 * (`recordingType=All`) in the Detailed view (legs and `lastModifiedTime`, docs/ringcentral.md, "Records and legs"). Follows
 * `navigation.nextPage` (an absolute URI) while it points to the server; otherwise asks for the
 * next page number with the same fixed query.
 */
export async function* fetchCallLogPages(client: RingCentralClient, query: CallLogQuery): AsyncGenerator<CallLogPage> {
  const perPage = query.perPage ?? 1000;
  const baseQuery = {
    view: 'Detailed',
    recordingType: 'All',
    perPage,
    dateFrom: isoString(query.dateFrom),
    dateTo: isoString(query.dateTo),
  };
  let target: { url: string; query: Record<string, string | number> | undefined } = { url: CALL_LOG_PATH, query: baseQuery };
  let page = 1;
  for (;;) {
    const body = await client.getJson(target.url, { query: target.query, signal: query.signal });
    const parsed = parseCallLogPage(body);
    yield { records: parsed.records, invalid: parsed.invalid, page: parsed.paging.page ?? page, paging: parsed.paging };
    const next = parsed.navigation.nextPage?.uri;
    if (!next || parsed.records.length + parsed.invalid.length === 0 || next === target.url) return;
    page = (parsed.paging.page ?? page) + 1;
    target = client.isTrustedUrl(next) ? { url: next, query: undefined } : { url: CALL_LOG_PATH, query: { ...baseQuery, page } };
  }
}

function isoString(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}
