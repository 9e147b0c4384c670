/** Stats timing, and what the database file costs per recording. */
import { statSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { computeStats } from '../src/db/queries/stats.js';
import { type Timing, measure } from './timing.js';

export interface StatsResult {
  product: Timing;
  /** The same aggregates read from the table rows (the plan before the covering index). */
  tableScan: Timing;
}

export function benchStats(db: Database, runs: number): StatsResult {
  const product = measure(() => computeStats(db, { fromMs: null, toMs: null }), runs, 20_000);
  const fromTable = db.prepare(
    `SELECT count(*), total(duration_seconds), count(transcript_confidence), count(sentiment),
            count(*) FILTER (WHERE direction = 'Inbound'), count(*) FILTER (WHERE transcript_status = 'ready'),
            count(*) FILTER (WHERE sentiment = 'Positive')
     FROM recordings NOT INDEXED WHERE key >= ? AND key < ?`,
  );
  const tableScan = measure(() => fromTable.get(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), Math.min(runs, 5), 20_000, 1);
  return { product, tableScan };
}

export interface SizeResult {
  fileBytes: number;
  bytesPerRecording: number;
  ftsBytes: number;
  ftsShare: number;
  /** Index segments of the FTS index (row-by-row writes leave many small ones). */
  ftsSegments: number;
}

export function databaseSize(db: Database, path: string, recordings: number): SizeResult {
  const fileBytes = statSync(path).size;
  const pages = db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[];
  const total = pages.reduce((sum, p) => sum + p.bytes, 0);
  const ftsBytes = pages.filter((p) => p.name.startsWith('recordings_fts')).reduce((sum, p) => sum + p.bytes, 0);
  const ftsSegments = segmentCount(db);
  return { fileBytes, bytesPerRecording: fileBytes / recordings, ftsBytes, ftsShare: ftsBytes / total, ftsSegments };
}

/** Segments listed in the FTS5 structure record (a varint-encoded blob in the %_data table, id 10). */
function segmentCount(db: Database): number {
  const blob = db.prepare('SELECT block FROM recordings_fts_data WHERE id = 10').pluck().get() as Buffer | undefined;
  if (!blob) return 0;
  let offset = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = blob[offset++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
  };
  // The structure record: a 4-byte cookie, in newer SQLite a 4-byte v2 marker (FF 00 00 01), then
  // nLevel, nSegment, … as varints (fts5_index.c, fts5StructureDecode).
  offset = blob[4] === 0xff && blob[5] === 0 && blob[6] === 0 && blob[7] === 1 ? 8 : 4;
  varint();
  return varint();
}
