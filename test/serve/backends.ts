import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ArchiveReader } from '../../src/query/reader.js';
import { openStoreReader } from '../../src/query/store-reader.js';
import { seedArchive } from '../helpers/backends.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
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
  reader: (database, options) => openStoreReader(database, options),
};

let postgresDatabase: Promise<string> | null = null;

/** A schema of its own per test folder, in one PostgreSQL database per test file (created by the first archive). */
async function postgresArchive(dir: string): Promise<string> {
  postgresDatabase ??= freshPostgresDatabase();
  const schema = `s_${createHash('sha1').update(dir).digest('hex').slice(0, 16)}`;
  return `${await postgresDatabase}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

export const POSTGRES: ServeBackend = {
  name: 'PostgreSQL',
  archive: async (dir, seeds) => seedArchive(await postgresArchive(dir), seeds),
  missing: (dir) => postgresArchive(dir),
  reader: (database, options) => openStoreReader(database, options),
};

export const BACKENDS: ServeBackend[] = [SQLITE, POSTGRES];
