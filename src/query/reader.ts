import type { AuditEntry } from '../db/row-types.js';
import type { ExportRow } from '../db/queries/export-rows.js';
import type { RecordingDetail } from '../db/queries/get.js';
import type { SearchResult } from '../db/queries/search.js';
import type { Stats, StatsRange } from '../db/queries/stats.js';
import type { ParsedQuery } from './filters.js';
import type { StatusJson } from './status-json.js';

/**
 * What `serve` reads from an archive, whatever holds it: one implementation over the archive store
 * (store-reader.ts, src/db/store.ts), whose backends are a SQLite file and PostgreSQL, so nothing
 * here names a database driver. Every method is async, as a
 * server's backend is; the results are the data the JSON shapes are built from (json-shapes.ts).
 *
 * No archive yet (before the first sync) is not an error for the reader as a whole: `status()`
 * says so, as `status` does, and every other method throws QueryError `unavailable` until a sync
 * has created the archive (docs/cli.md, "Which archive").
 */
export interface ArchiveReader {
  /** A page of matches with the total; the query as parseFilters returns it. */
  search(query: ParsedQuery): Promise<SearchResult>;
  /** A recording by recording id, call-log record id or session id; null when none matches. */
  recording(id: string): Promise<RecordingDetail | null>;
  /** Where RingCentral serves a recording's audio (its call-log `contentUri`), by recording id; null when unknown. */
  contentUri(recordingId: string): Promise<string | null>;
  stats(range: StatsRange): Promise<Stats>;
  /**
   * Every matching row, one at a time, for a streamed export: memory stays flat however many rows.
   * Ending the loop early (a client that went away) releases what the rows were read with.
   */
  exportRows(query: ParsedQuery): AsyncIterable<ExportRow>;
  status(): Promise<StatusJson>;
  /** Appends to the audit log: the only thing a reader writes (docs/cli.md, "`recordings serve`"). */
  audit(entry: AuditEntry): Promise<void>;
  close(): Promise<void>;
}
