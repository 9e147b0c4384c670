import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';

/** The clock of the prune tests: seeded start times are placed relative to it. */
export const NOW = new Date('2026-11-26T12:00:00.000Z');
export const now = () => new Date(NOW);

export function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString();
}

export { simulatorEnv } from '../helpers/simulator-env.js';

export function openRaw(path: string): Database {
  return new BetterSqlite3(path);
}

/** A digest of everything a prune could touch: equal digests mean nothing changed. */
export function contentDigest(path: string): string {
  const db = openRaw(path);
  try {
    const hash = createHash('sha256');
    for (const sql of [
      'SELECT * FROM recordings ORDER BY key',
      'SELECT * FROM transcript_segments ORDER BY recording_key, ordinal',
      'SELECT * FROM insights ORDER BY recording_key, kind, ordinal',
      'SELECT * FROM audit_log ORDER BY id',
      "SELECT rowid FROM recordings_fts WHERE recordings_fts MATCH 'reservation OR refund OR hold' ORDER BY rowid",
    ]) {
      hash.update(JSON.stringify(db.prepare(sql).raw().all()));
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

/** A stand-in audio player: an executable `mpv` in a folder to put first on PATH; returns the folder. */
export function fakePlayerFolder(dir: string, name = 'mpv'): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, name), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return bin;
}
