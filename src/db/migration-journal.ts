import { readFileSync } from 'node:fs';

/** One migration as drizzle-kit's journal lists it: its file's tag and when it was generated. */
export interface JournalEntry {
  tag: string;
  when: number;
}

const journals = new Map<string, JournalEntry[]>();

/** The migrations drizzle-kit generated into `folder` (its meta/_journal.json), in order; read once per folder. */
export function migrationJournal(folder: string): JournalEntry[] {
  let entries = journals.get(folder);
  if (!entries) {
    entries = (JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as { entries: JournalEntry[] }).entries;
    journals.set(folder, entries);
  }
  return entries;
}

/** How far a database is migrated, against the migrations this version of recordings ships. */
export interface SchemaVersion {
  /** How many migrations this database has applied. */
  applied: number;
  /** How many this version of recordings ships. */
  known: number;
  /** The tag of the newest applied migration, e.g. `0001_fts`. */
  latest: string | null;
}

/** The version of a database whose newest applied migration was generated at `lastMillis` (null: none applied). */
export function versionAfter(folder: string, lastMillis: number | null): SchemaVersion {
  const entries = migrationJournal(folder);
  const applied = lastMillis === null ? 0 : entries.filter((entry) => entry.when <= lastMillis).length;
  return { applied, known: entries.length, latest: applied > 0 ? entries[applied - 1]!.tag : null };
}
