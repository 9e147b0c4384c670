import type { CallFilter } from '../account.js';
import type { View } from '../generator/record.js';
import type { CallLogRecordWire } from '../generator/wire-types.js';
import type { SimulatorCore } from './core.js';
import { NOT_FOUND, invalidParameter, type ApiErrorBody } from './error-bodies.js';
import type { Exchange } from './exchange.js';
import { makeRecordHostile } from '../hostile.js';

const DAY_MS = 86_400_000;
const MAX_PER_PAGE = 1000;

interface CallLogQuery {
  fromMs: number;
  toMs: number;
  view: View;
  filter: CallFilter;
  perPage: number;
  page: number;
}

/** GET …/call-log (account or extension level) (docs/ringcentral.md, "Call log"). */
export function handleCallLogList(core: SimulatorCore, ex: Exchange): void {
  const query = parseQuery(ex, core.now());
  if ('errors' in query) {
    ex.json(400, query);
    return;
  }
  const { account } = core;
  const { first, last } = account.indexRange(query.fromMs, query.toMs);
  const skip = (query.page - 1) * query.perPage;
  const { indices, more } = account.page(first, last, query.filter, skip, query.perPage);
  const records: Array<CallLogRecordWire | Record<string, unknown>> = indices.map((i) => account.callAt(i, query.view));
  breakRecord(core, records);
  const hostile = records.length > 0 ? core.faults.takeHostileRecord() : undefined;
  if (hostile) {
    makeRecordHostile((records.find((r) => 'recording' in r && r.recording) ?? records[0]) as Record<string, unknown>, hostile);
    ex.hostileBody = true;
  }

  const pageUri = (page: number) => {
    const url = new URL(ex.url.pathname + ex.url.search, ex.baseUrl);
    url.searchParams.set('page', String(page));
    url.searchParams.set('perPage', String(query.perPage));
    return { uri: url.toString() };
  };
  const navigation: Record<string, { uri: string }> = { firstPage: pageUri(1) };
  if (more) navigation.nextPage = pageUri(query.page + 1);
  if (query.page > 1) navigation.previousPage = pageUri(query.page - 1);
  const paging: Record<string, number> = { page: query.page, perPage: query.perPage };
  if (records.length > 0) {
    paging.pageStart = skip;
    paging.pageEnd = skip + records.length - 1;
  }
  ex.json(200, { uri: ex.baseUrl + ex.url.pathname + ex.url.search, records, paging, navigation });
}

/** GET …/call-log/{id}: one record (Simple unless view=Detailed). */
export function handleCallLogRecord(core: SimulatorCore, ex: Exchange, id: string): void {
  const view = ex.url.searchParams.get('view') ?? 'Simple';
  if (view !== 'Simple' && view !== 'Detailed') {
    ex.json(400, invalidParameter('view', view));
    return;
  }
  const index = core.account.indexOfRecordId(id);
  if (index < 0) {
    ex.json(404, NOT_FOUND('callRecordId'));
    return;
  }
  ex.json(200, core.account.callAt(index, view));
}

/** The injected "record that fails the schema" fault. */
function breakRecord(core: SimulatorCore, records: Array<CallLogRecordWire | Record<string, unknown>>): void {
  if (records.length === 0) return;
  const kind = core.faults.takeInvalidRecord();
  if (!kind) return;
  const withRecording = records.find((r) => 'recording' in r && r.recording);
  if (kind === 'recording-id-missing' && withRecording) {
    const { id: _dropped, ...rest } = withRecording.recording as Record<string, unknown>;
    withRecording.recording = rest;
    return;
  }
  (records[0] as Record<string, unknown>).startTime = 12345;
}

function parseQuery(ex: Exchange, nowMs: number): CallLogQuery | ApiErrorBody {
  const params = ex.url.searchParams;
  const single = (name: string): string | undefined => params.get(name) ?? undefined;

  const dateTo = single('dateTo');
  const toMs = dateTo === undefined ? nowMs : parseDate(dateTo);
  if (Number.isNaN(toMs)) return invalidParameter('dateTo', dateTo ?? '');
  const dateFrom = single('dateFrom');
  const fromMs = dateFrom === undefined ? toMs - DAY_MS : parseDate(dateFrom);
  if (Number.isNaN(fromMs)) return invalidParameter('dateFrom', dateFrom ?? '');

  const view = single('view') ?? 'Simple';
  if (view !== 'Simple' && view !== 'Detailed') return invalidParameter('view', view);

  const perPageText = single('perPage');
  let perPage = 100;
  if (perPageText !== undefined) {
    if (perPageText === 'max') perPage = MAX_PER_PAGE;
    else if (/^\d+$/.test(perPageText) && Number(perPageText) >= 1) perPage = Math.min(MAX_PER_PAGE, Number(perPageText));
    else return invalidParameter('perPage', perPageText);
  }
  const pageText = single('page');
  let page = 1;
  if (pageText !== undefined) {
    if (/^\d+$/.test(pageText) && Number(pageText) >= 1 && Number.isSafeInteger(Number(pageText))) page = Number(pageText);
    else return invalidParameter('page', pageText);
  }

  const filter: CallFilter = {};
  const recordingType = single('recordingType');
  if (recordingType !== undefined) {
    if (recordingType !== 'Automatic' && recordingType !== 'OnDemand' && recordingType !== 'All') return invalidParameter('recordingType', recordingType);
    filter.recordingType = recordingType;
  } else if (single('withRecording') === 'true') {
    // Deprecated, and ignored when recordingType is given (docs/ringcentral.md, "Query parameters").
    filter.recordingType = 'All';
  }
  const types = ex.all('type');
  for (const type of types) if (type !== 'Voice' && type !== 'Fax') return invalidParameter('type', type);
  if (types.length > 0) filter.types = types as Array<'Voice' | 'Fax'>;
  const directions = ex.all('direction');
  for (const direction of directions) if (direction !== 'Inbound' && direction !== 'Outbound') return invalidParameter('direction', direction);
  if (directions.length > 0) filter.directions = directions as Array<'Inbound' | 'Outbound'>;

  return { fromMs, toMs, view, filter, perPage, page };
}

/** ISO 8601 date-time (a date alone means its midnight UTC). An empty value (the SDK's `undefined`) is invalid. */
function parseDate(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return NaN;
  // Without a zone the time is taken as UTC (Date.parse would read it as local time).
  const zoned = /T/.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? `${text}Z` : text;
  return Date.parse(zoned);
}
