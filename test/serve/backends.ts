import { join } from 'node:path';
import type { ArchiveReader } from '../../src/query/reader.js';
import { openSqliteReader } from '../../src/query/sqlite/reader.js';
import { type SeedRecording, seedDatabaseFile } from '../helpers/seed.js';

/**
 * The archive backends `serve` is tested on: every test in test/serve runs once per entry
 * (describe.each), so a second backend (PostgreSQL) is tested by adding it here.
 */
export interface ServeBackend {
  name: string;
  /** A new archive holding `seeds`: what --db / RECORDINGS_DB names. */
  archive(dir: string, seeds: readonly SeedRecording[]): Promise<string>;
  /** Where no archive exists yet, and where `archive(dir, …)` will make one. */
  missing(dir: string): Promise<string>;
  reader(database: string, options?: { now?: () => Date }): ArchiveReader;
}

export const SQLITE: ServeBackend = {
  name: 'SQLite',
  archive: (dir, seeds) => seedDatabaseFile(dir, seeds),
  missing: async (dir) => join(dir, 'recordings.db'),
  reader: (database, options) => openSqliteReader(database, options),
};

export const BACKENDS: ServeBackend[] = [SQLITE];
