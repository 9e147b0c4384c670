import { EXPORT_COLUMNS, type ExportRow } from '../db/queries/export-rows.js';
import { topicList } from '../db/queries/recording-columns.js';
import { BOM, csvLine } from './csv.js';
import { safeJson } from './json.js';
import type { ExportFormat } from './values.js';

/**
 * The bytes of an export (docs/cli.md, "`recordings export`"), piece by piece so that neither the
 * CLI nor `serve` ever holds more than a row: `start()`, then `row()` for each row, then `end()`.
 * CSV is RFC 4180 with a header row; JSON is one array, one row per line; NDJSON one row per line.
 */
export class ExportEncoder {
  /** Rows encoded so far. */
  rows = 0;

  constructor(
    readonly format: ExportFormat,
    private readonly bom = false,
  ) {}

  start(): string {
    if (this.format === 'csv') return (this.bom ? BOM : '') + csvLine(EXPORT_COLUMNS);
    return this.format === 'json' ? '[' : '';
  }

  row(row: ExportRow): string {
    const first = this.rows === 0;
    this.rows += 1;
    if (this.format === 'csv') return csvRow(row);
    const line = safeJson(jsonRow(row));
    return this.format === 'ndjson' ? `${line}\n` : `${first ? '\n' : ',\n'}${line}`;
  }

  end(): string {
    if (this.format !== 'json') return '';
    return this.rows === 0 ? ']\n' : '\n]\n';
  }
}

/** The media type of each format, for `serve`'s downloads. */
export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

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
