import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DatabaseError,
  ftsIntegrityCheck,
  integrityCheck,
  MIGRATIONS_FOLDER,
  openDb,
  schemaVersion,
  setTranscriptState,
  writeCallRecordings,
  writeTranscript,
} from '../../src/db/index.js';
import { callRow, transcriptRow } from '../helpers/rows.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

async function freshDb(): Promise<{ db: Database; path: string; dir: string }> {
  const dir = tempDir();
  const path = join(dir, 'nested', 'deeper', 'recordings.db');
  const db = await openDb(path);
  open.push(db);
  return { db, path, dir };
}

const NOW = '2026-11-21T00:00:00.000Z';
const mode = (path: string) => statSync(path).mode & 0o777;
const ftsRows = (db: Database) => db.prepare('SELECT count(*) FROM recordings_fts').pluck().get() as number;
const matches = (db: Database, query: string) =>
  db.prepare('SELECT rowid FROM recordings_fts WHERE recordings_fts MATCH ?').pluck().all(query) as number[];

function expectSound(db: Database): void {
  expect(integrityCheck(db)).toEqual([]);
  expect(ftsIntegrityCheck(db)).toBeNull();
}

describe('openDb (SQLite only: file modes, pragmas, foreign files)', () => {
  it('creates folders 0700 and the database, WAL and SHM files 0600, with the pragmas set', async () => {
    const { db, path, dir } = await freshDb();
    expect(mode(join(dir, 'nested'))).toBe(0o700);
    expect(mode(join(dir, 'nested', 'deeper'))).toBe(0o700);
    writeCallRecordings(db, [callRow()], NOW); // a write makes SQLite create -wal and -shm
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      expect(existsSync(file), file).toBe(true);
      expect(mode(file), file).toBe(0o600);
    }
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('applies every migration to a fresh file and re-opens an existing one without re-applying', async () => {
    const { db, path } = await freshDb();
    const version = schemaVersion(db);
    expect(version.applied).toBe(version.known);
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'));
    expect(version.known).toBe(journal.entries.length);
    expect(version.latest).toBe(journal.entries.at(-1).tag);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['recordings', 'recordings_fts', 'transcript_segments', 'insights', 'sync_runs', 'sync_state', 'audit_log']));
    writeCallRecordings(db, [callRow()], NOW);
    db.close();

    const again = await openDb(path);
    open.push(again);
    expect(again.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(version.known);
    expect(again.prepare('SELECT count(*) FROM recordings').pluck().get()).toBe(1);
    expectSound(again);
  });

  it('does not depend on the working directory to find migrations', async () => {
    const dir = tempDir();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const db = await openDb(join(dir, 'x.db'));
      open.push(db);
      expect(schemaVersion(db).applied).toBeGreaterThan(0);
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses a file that is not SQLite and leaves it untouched', async () => {
    const dir = tempDir();
    const path = join(dir, 'notes.db');
    const content = 'these are my notes, not a database\n'.repeat(200);
    writeFileSync(path, content);
    await expect(openDb(path)).rejects.toThrow(DatabaseError);
    await expect(openDb(path)).rejects.toThrow(/is not a recordings database .* left untouched/);
    expect(readFileSync(path, 'utf8')).toBe(content);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it("refuses another program's SQLite database and leaves it untouched", async () => {
    const dir = tempDir();
    const path = join(dir, 'other.db');
    const other = new BetterSqlite3(path);
    other.exec('CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES (\'x\');');
    other.close();
    const before = readFileSync(path);
    await expect(openDb(path)).rejects.toThrow(/another program's SQLite database/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a database written by a newer version', async () => {
    const { db, path } = await freshDb();
    db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', Date.now() + 10 ** 12);
    db.close();
    await expect(openDb(path)).rejects.toThrow(/newer version of recordings/);
  });
});

describe('recordings and the FTS index (SQLite only)', () => {
  it('indexes an insert, follows an update of the text and forgets a delete', async () => {
    const { db } = await freshDb();
    writeCallRecordings(db, [callRow({ id: 'r1', fromName: 'Zoë Müller' })], NOW);
    expect(ftsRows(db)).toBe(1);
    expect(matches(db, 'zoe')).toHaveLength(1); // remove_diacritics 2
    expect(matches(db, 'reservation')).toHaveLength(0);
    expectSound(db);

    writeTranscript(db, 'r1', transcriptRow(), NOW);
    expect(matches(db, 'reservations')).toHaveLength(1); // porter: reservations ~ reservation
    expect(matches(db, 'summary:booked')).toHaveLength(1);
    expectSound(db);

    writeTranscript(db, 'r1', transcriptRow({ segments: [{ speakerId: null, speakerName: null, start: 0, end: 1, text: 'Catering for forty' }], summary: null }), NOW);
    expect(matches(db, 'reservation')).toHaveLength(0);
    expect(matches(db, 'catering')).toHaveLength(1);
    expect(ftsRows(db)).toBe(1);
    expectSound(db);

    db.prepare('DELETE FROM recordings WHERE id = ?').run('r1');
    expect(ftsRows(db)).toBe(0);
    expect(matches(db, 'catering')).toHaveLength(0);
    expect(db.prepare('SELECT count(*) FROM transcript_segments').pluck().get()).toBe(0); // cascade
    expectSound(db);
  });

  it('upserting the same rows twice changes nothing and leaves the FTS row count unchanged', async () => {
    const { db } = await freshDb();
    const rows = [callRow({ id: 'a' }), callRow({ id: 'b', startTime: '2026-11-20T18:00:00.000Z' })];
    expect(writeCallRecordings(db, rows, NOW)).toEqual({ inserted: 2, updated: 0 });
    const before = ftsRows(db);
    expect(writeCallRecordings(db, rows, '2026-11-22T00:00:00.000Z')).toEqual({ inserted: 0, updated: 0 });
    expect(ftsRows(db)).toBe(before);
    expect(db.prepare("SELECT count(*) FROM recordings WHERE updated_at = '2026-11-22T00:00:00.000Z'").pluck().get()).toBe(0);
    expectSound(db);
  });

  it('updates a changed record (newer lastModifiedTime), keeps its key, and re-indexes a renamed party', async () => {
    const { db } = await freshDb();
    writeCallRecordings(db, [callRow({ id: 'a' })], NOW);
    writeTranscript(db, 'a', transcriptRow(), NOW);
    const key = db.prepare('SELECT key FROM recordings').pluck().get();
    const changed = callRow({
      id: 'a',
      fromName: 'Ana Souza-Lima',
      lastModifiedTime: '2026-11-20T18:00:00.000Z',
      callLogJson: JSON.stringify({ version: 2 }),
    });
    expect(writeCallRecordings(db, [changed], NOW)).toEqual({ inserted: 0, updated: 1 });
    const row = db.prepare('SELECT key, from_name, transcript_status FROM recordings').get() as Record<string, unknown>;
    expect(row).toEqual({ key, from_name: 'Ana Souza-Lima', transcript_status: 'ready' }); // transcript state is ours, kept
    expect(matches(db, 'lima')).toHaveLength(1);
    expect(ftsRows(db)).toBe(1);
    expectSound(db);
  });

  it('never goes back to an older version of a record', async () => {
    const { db } = await freshDb();
    writeCallRecordings(db, [callRow({ id: 'a', lastModifiedTime: '2026-11-20T18:00:00.000Z', callLogJson: '{"v":2}' })], NOW);
    const older = callRow({ id: 'a', lastModifiedTime: '2026-11-20T17:00:00.000Z', callLogJson: '{"v":1}', durationSeconds: 1 });
    expect(writeCallRecordings(db, [older], NOW)).toEqual({ inserted: 0, updated: 0 });
    expect(db.prepare('SELECT call_log_json FROM recordings').pluck().get()).toBe('{"v":2}');
  });

  it('gives recordings that start in the same millisecond distinct keys in time order', async () => {
    const { db } = await freshDb();
    const start = '2026-11-20T17:04:05.123Z';
    writeCallRecordings(db, [callRow({ id: 'x', startTime: start }), callRow({ id: 'y', startTime: start })], NOW);
    writeCallRecordings(db, [callRow({ id: 'later', startTime: '2026-11-20T17:04:05.124Z' })], NOW);
    const keys = db.prepare('SELECT id, key FROM recordings ORDER BY key').all() as { id: string; key: number }[];
    expect(keys.map((k) => k.id)).toEqual(['x', 'y', 'later']);
    expect(keys[0]!.key).toBe(Date.parse(start) * 1000);
    expect(keys[1]!.key).toBe(Date.parse(start) * 1000 + 1);
  });

  it('stores digits reversed for indexed suffix search', async () => {
    const { db } = await freshDb();
    writeCallRecordings(db, [callRow({ id: 'a' })], NOW);
    expect(db.prepare('SELECT from_digits_reversed FROM recordings').pluck().get()).toBe('00105555141');
  });

  it('moves the transcript state without touching stored text', async () => {
    const { db } = await freshDb();
    writeCallRecordings(db, [callRow({ id: 'a' })], NOW);
    setTranscriptState(db, 'a', { status: 'pending', nextAttemptAt: '2026-11-21T00:05:00.000Z', error: 'not ready', attempted: true }, NOW);
    setTranscriptState(db, 'a', { status: 'unavailable', nextAttemptAt: null, error: 'gave up', attempted: true }, NOW);
    const row = db.prepare('SELECT transcript_status, transcript_attempts, transcript_error FROM recordings').get();
    expect(row).toEqual({ transcript_status: 'unavailable', transcript_attempts: 2, transcript_error: 'gave up' });
    expectSound(db);
  });
});
