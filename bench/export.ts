/**
 * Export to CSV as a user runs it (`bin/recordings export --format csv` into a pipe): rows/s over
 * the process's wall time and its peak RSS, beside the read floor — the same rows read with
 * `.iterate()` in process and thrown away — measured in the same run.
 */
import type { Database } from 'better-sqlite3';
import { EXPORT_COLUMNS } from '../src/db/queries/export-rows.js';
import { peakExportRssMb } from './export-memory.js';

export interface ExportResult {
  rows: number;
  megabytes: number;
  seconds: number;
  rowsPerSecond: number;
  peakMb: number;
  readFloorRowsPerSecond: number;
}

export async function benchExport(db: Database, dbPath: string, rows: number): Promise<ExportResult> {
  const read = db.prepare(`SELECT ${EXPORT_COLUMNS.map((c) => `r.${c}`).join(', ')} FROM recordings r ORDER BY r.key DESC`);
  const t = performance.now();
  let read_ = 0;
  for (const _row of read.iterate()) read_ += 1;
  const readSeconds = (performance.now() - t) / 1000;
  if (read_ !== rows) throw new Error(`read ${read_} rows, expected ${rows}`);
  const run = await peakExportRssMb(dbPath, 'csv');
  if (run.exitCode !== 0) throw new Error(`export exited with ${run.exitCode}`);
  return {
    rows,
    megabytes: run.bytes / 1e6,
    seconds: run.seconds,
    rowsPerSecond: rows / run.seconds,
    peakMb: run.peakMb,
    readFloorRowsPerSecond: rows / readSeconds,
  };
}
