import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { queryRows, withStore } from '../helpers/backends.js';

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

/** A digest of everything a prune could touch, on either backend: equal digests mean nothing changed. */
export async function contentDigest(target: string): Promise<string> {
  const hash = createHash('sha256');
  for (const sql of [
    'SELECT * FROM recordings ORDER BY key',
    'SELECT * FROM transcript_segments ORDER BY recording_key, ordinal',
    'SELECT * FROM insights ORDER BY recording_key, kind, ordinal',
    'SELECT * FROM audit_log ORDER BY id',
  ]) {
    hash.update(JSON.stringify(await queryRows(target, sql)));
  }
  const found = await withStore(target, (store) => store.search({ text: 'reservation OR refund OR hold', filter: {}, page: { sort: 'newest' } }));
  hash.update(JSON.stringify(found.hits.map((hit) => hit.id)));
  return hash.digest('hex');
}

/** How many recordings a full-text search for `word` finds, on either backend. */
export async function textMatches(target: string, word: string): Promise<number> {
  return (await withStore(target, (store) => store.search({ text: word, filter: {}, page: { sort: 'newest', limit: 1 } }))).total;
}

/** A stand-in audio player: an executable `mpv` in a folder to put first on PATH; returns the folder. */
export function fakePlayerFolder(dir: string, name = 'mpv'): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, name), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return bin;
}
