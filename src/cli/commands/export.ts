import { resolve } from 'node:path';
import { loadArchiveSettings } from '../../config/load.js';
import { type ExportRow, EXPORT_COLUMNS, appendAudit, exportRows, topicList } from '../../db/queries/index.js';
import type { CommandFunction } from '../invocation.js';
import { openArchive } from '../open-database.js';
import { AtomicFile, BOM, ChunkedWriter, csvLine, safeJson, sinkEmitter, terminalSafeData } from '../output/index.js';
import { currentActor } from './actor.js';
import { type FilterOptions, describeFilters, parseQueryOptions, withTextQuery } from './query-filters.js';

export interface ExportOptions extends FilterOptions {
  format: 'csv' | 'json' | 'ndjson';
  output?: string;
  bom?: boolean;
}

/**
 * `recordings export`: every matching recording as CSV, JSON or NDJSON, streamed from SQLite row by
 * row (docs/cli.md, "`recordings export`"). Each finished export is written to the audit log: it takes personal data out.
 */
export const exportCommand: CommandFunction<ExportOptions> = async (invocation, options) => {
  const settings = await loadArchiveSettings(invocation.globals, invocation.ctx.env, { defaultRegion: options.phone !== undefined });
  const parsed = await parseQueryOptions(invocation, options, undefined, settings.defaultRegion);
  const toStdout = options.output === undefined || options.output === '-';
  const file = toStdout ? null : await AtomicFile.create(resolve(options.output!));
  let db;
  try {
    db = await openArchive(settings.database);
  } catch (error) {
    // No archive there: the temp file goes too, so no empty report is left behind.
    await file?.discard();
    throw error;
  }
  try {
    const writer = new ChunkedWriter(file ? (chunk) => file.write(chunk) : sinkEmitter(invocation.ctx.stdout));
    const filter = withTextQuery(db, parsed);
    const rows = filter ? exportRows(db, filter, parsed.page) : [];
    // CSV on a terminal: escape sequences in names or transcripts are shown escaped, not run.
    const onTerminal = !file && invocation.ctx.stdout.isTTY === true;
    const count = await writeRows(onTerminal ? { write: (chunk) => writer.write(terminalSafeData(chunk)) } : writer, rows, options);
    await writer.flush();
    await file?.commit();
    appendAudit(db, {
      at: invocation.ctx.now().toISOString(),
      action: 'export',
      actor: currentActor(invocation.ctx.env),
      details: { filters: describeFilters(options), format: options.format, rows: count, output: file ? file.path : 'stdout' },
    });
    invocation.log.verbose(`exported ${count} recordings${file ? ` to ${file.path}` : ''}`);
    return 0;
  } catch (error) {
    await file?.discard();
    throw error;
  } finally {
    db.close();
  }
};

async function writeRows(writer: Pick<ChunkedWriter, 'write'>, rows: Iterable<ExportRow>, options: ExportOptions): Promise<number> {
  let count = 0;
  if (options.format === 'csv') {
    await writer.write((options.bom ? BOM : '') + csvLine(EXPORT_COLUMNS));
    for (const row of rows) {
      await writer.write(csvRow(row));
      count += 1;
    }
    return count;
  }
  if (options.format === 'json') await writer.write('[');
  for (const row of rows) {
    const line = safeJson(jsonRow(row));
    if (options.format === 'ndjson') await writer.write(`${line}\n`);
    else await writer.write(`${count === 0 ? '\n' : ',\n'}${line}`);
    count += 1;
  }
  if (options.format === 'json') await writer.write(count === 0 ? ']\n' : '\n]\n');
  return count;
}

function csvRow(row: ExportRow): string {
  return csvLine([
    row.id,
    row.call_id,
    row.start_time,
    row.duration_seconds,
    row.direction,
    row.from_number,
    row.from_name,
    row.to_number,
    row.to_name,
    row.recording_type,
    row.transcript_status,
    row.sentiment,
    topicList(row.topics).join('; '),
    row.transcript,
  ]);
}

/** Exactly the export columns, topics as an array. */
function jsonRow(row: ExportRow): Record<(typeof EXPORT_COLUMNS)[number], unknown> {
  return {
    id: row.id,
    call_id: row.call_id,
    start_time: row.start_time,
    duration_seconds: row.duration_seconds,
    direction: row.direction,
    from_number: row.from_number,
    from_name: row.from_name,
    to_number: row.to_number,
    to_name: row.to_name,
    recording_type: row.recording_type,
    transcript_status: row.transcript_status,
    sentiment: row.sentiment,
    topics: topicList(row.topics),
    transcript: row.transcript,
  };
}
