import { InvalidResponseError } from '../errors.js';
import { callLogPageEnvelopeSchema, callLogRecordSchema, type CallLogNavigation, type CallLogPaging, type CallLogRecord } from './call-log.js';
import { describeIssues } from './describe-issues.js';

export interface InvalidCallLogRecord {
  /** The record's id when it could be read, so the log names the record. */
  id: string | null;
  /** Its start time when readable: sync re-reads that part of the window on later runs. */
  startTime: string | null;
  error: string;
}

export interface ParsedCallLogPage {
  records: CallLogRecord[];
  invalid: InvalidCallLogRecord[];
  navigation: CallLogNavigation;
  paging: CallLogPaging;
}

/**
 * Validates a call-log page record by record: one malformed record is reported
 * (docs/design.md, "Sync", step 3) while the rest of the page is kept. A malformed envelope fails the whole page.
 */
export function parseCallLogPage(body: unknown): ParsedCallLogPage {
  const envelope = callLogPageEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    throw new InvalidResponseError(`RingCentral sent a call-log page of the wrong shape: ${describeIssues(envelope.error)}`);
  }
  const records: CallLogRecord[] = [];
  const invalid: InvalidCallLogRecord[] = [];
  for (const raw of envelope.data.records) {
    const parsed = callLogRecordSchema.safeParse(raw);
    if (parsed.success) records.push(parsed.data);
    else invalid.push({ id: readableId(raw), startTime: readableStartTime(raw), error: describeIssues(parsed.error) });
  }
  return { records, invalid, navigation: envelope.data.navigation, paging: envelope.data.paging };
}

function readableId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : null;
}

function readableStartTime(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const startTime = (raw as { startTime?: unknown }).startTime;
  return typeof startTime === 'string' && !Number.isNaN(Date.parse(startTime)) ? startTime : null;
}
