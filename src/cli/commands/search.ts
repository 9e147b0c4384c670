import { loadArchiveSettings } from '../../config/load.js';
import type { SearchHit } from '../../db/queries/search.js';
import type { RecordingColumn } from '../../db/row-types.js';
import { type FilterOptions, parseFilters } from '../../query/filters.js';
import { markedSnippet, searchHitJson, searchJson } from '../../query/json-shapes.js';
import type { CommandFunction } from '../invocation.js';
import { openArchive } from '../open-database.js';
import { type FormatOptions, csvLine, resolveFormat, safeJson, terminalSafeData, timeFormatter } from '../output/index.js';
import { listingColours } from './highlight.js';
import { renderListing } from './search-listing.js';

export type SearchOptions = FilterOptions & FormatOptions;

const DEFAULT_LIMIT = 50;
/** A terminal that does not say how wide it is (0 columns: a serial console, `script`) is taken as the classic 80. */
const DEFAULT_TERMINAL_WIDTH = 80;

/** The CSV columns (docs/cli.md, "`recordings search`"): named after the columns they show, but for two of their own. */
export const CSV_HEADER = [
  'id',
  'call_id',
  'start_time',
  'duration_seconds',
  'direction',
  'from_number',
  'from_name',
  'to_number',
  'to_name',
  'transcript_status',
  'has_transcript',
  'sentiment',
  'topics',
  'snippet',
] as const satisfies readonly (RecordingColumn | 'has_transcript' | 'snippet')[];

/** `recordings search`: full-text, phone, date and insight filters over the archive (docs/cli.md, "`recordings search`"). */
export const searchCommand: CommandFunction<SearchOptions> = async (invocation, options) => {
  const format = resolveFormat(options);
  const settings = await loadArchiveSettings(invocation.globals, invocation.ctx.env, { defaultRegion: options.phone !== undefined });
  const parsed = await parseFilters(options, { now: invocation.ctx.now(), defaultLimit: DEFAULT_LIMIT, defaultRegion: settings.defaultRegion });
  const store = await openArchive(settings.database);
  let result;
  try {
    result = await store.search(parsed);
  } finally {
    await store.close();
  }
  const { offset = 0 } = parsed.page;
  const out = invocation.ctx.stdout;

  if (format === 'json') {
    out.write(`${safeJson(searchJson(result, parsed.page, DEFAULT_LIMIT), 2)}\n`);
  } else if (format === 'ndjson') {
    out.write(result.hits.map((hit) => `${safeJson(searchHitJson(hit))}\n`).join(''));
  } else if (format === 'csv') {
    const csv = csvLine(CSV_HEADER) + result.hits.map(csvRow).join('');
    out.write(out.isTTY === true ? terminalSafeData(csv) : csv);
  } else if (result.hits.length === 0) {
    invocation.log.info(result.total === 0 ? 'No recordings match.' : `No recordings on this page (${result.total} match in all).`);
  } else {
    out.write(
      renderListing(result.hits, {
        width: out.isTTY === true ? out.columns || DEFAULT_TERMINAL_WIDTH : null,
        // chalk loads only for a painted listing: --json and --csv start faster without it.
        colours: await listingColours(invocation.color),
        times: timeFormatter(out, invocation.ctx.now()),
      }),
    );
    out.write(`${offset + 1}–${offset + result.hits.length} of ${result.total}${offset + result.hits.length < result.total ? ` (--offset ${offset + result.hits.length} for more)` : ''}\n`);
  }
  return 0;
};

function csvRow(hit: SearchHit): string {
  return csvLine([
    hit.id,
    hit.callId,
    hit.startTime,
    hit.durationSeconds,
    hit.direction,
    hit.from.phoneNumber,
    hit.from.name,
    hit.to.phoneNumber,
    hit.to.name,
    hit.transcriptStatus,
    hit.hasTranscript ? 'true' : 'false',
    hit.sentiment,
    hit.topics.join('; '),
    markedSnippet(hit.snippet),
  ]);
}
