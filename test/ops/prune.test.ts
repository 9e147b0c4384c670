import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ftsIntegrityCheck, integrityCheck } from '../../src/db/integrity.js';
import { openStore } from '../../src/db/open-store.js';
import { pruneArchive } from '../../src/sync/retention.js';
import { cli } from '../helpers/run-cli.js';
import { type SeedRecording, seedDatabaseFile } from '../helpers/seed.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';
import { BACKENDS, executeSql, queryRows, queryValue, useBackend } from '../helpers/backends.js';
import { contentDigest, daysAgo, now, openRaw, textMatches } from './helpers.js';

const tempDir = useTempDirs();

/** Three recordings older than a year (one to be held), two recent ones; each with a word of its own. */
const SEEDS: SeedRecording[] = [
  { id: 'old-1', startTime: daysAgo(500), lines: ['Guest: I need a refund for the broken plates'] },
  { id: 'old-2', startTime: daysAgo(400), lines: ['Guest: a reservation for twelve please'] },
  { id: 'old-held', startTime: daysAgo(450), lines: ['Guest: this call is evidence, keep the hold music'] },
  { id: 'new-1', startTime: daysAgo(10), lines: ['Guest: another reservation for Friday'] },
  { id: 'new-2', startTime: daysAgo(1) },
];

interface Archive {
  dir: string;
  db: string;
  env: Record<string, string | undefined>;
  audio: Record<string, string>;
}

/** The seeded database, with a real archived audio file for every recording. */
async function archive(): Promise<Archive> {
  const dir = tempDir();
  const db = await seedDatabaseFile(dir, SEEDS);
  const audioDir = join(dir, 'audio', '2025', '01');
  mkdirSync(audioDir, { recursive: true });
  const audio: Record<string, string> = {};
  for (const seed of SEEDS) {
    const path = join(audioDir, `${seed.id}.wav`);
    writeFileSync(path, `RIFF fake audio of ${seed.id}`, { mode: 0o600 });
    await executeSql(db, "UPDATE recordings SET audio_path = ?, audio_status = 'archived', audio_bytes = 30 WHERE id = ?", path, seed.id);
    audio[seed.id] = path;
  }
  return { dir, db, env: isolatedEnv(dir, { RECORDINGS_DB: db }), audio };
}

async function ids(path: string): Promise<string[]> {
  return (await queryRows<{ id: string }>(path, 'SELECT id FROM recordings ORDER BY id')).map((row) => row.id);
}

describe.each(BACKENDS)('prune (%s)', (backend) => {
  useBackend(backend);

  test('deletes old recordings with their segments, FTS entries and audio files, and keeps held ones', async () => {
    const a = await archive();
    expect((await cli(['hold', 'old-held', '--reason', 'case 4711'], a.env, { now })).exitCode).toBe(0);
    expect(await textMatches(a.db, 'refund')).toBe(1);

    const result = await cli(['prune', '--older-than', '365d', '--yes'], a.env, { now });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Deleted 2 recordings');
    expect(result.stdout).toContain('2 archived audio files removed');
    expect(result.stdout).toContain('1 on legal hold kept');

    expect(await ids(a.db)).toEqual(['new-1', 'new-2', 'old-held']);
    // The deleted recordings' words are gone from the index; the held and recent ones' are not.
    expect(await textMatches(a.db, 'refund')).toBe(0);
    expect(await textMatches(a.db, 'twelve')).toBe(0);
    expect(await textMatches(a.db, 'evidence')).toBe(1);
    expect(await textMatches(a.db, 'reservation')).toBe(1);
    expect(existsSync(a.audio['old-1']!)).toBe(false);
    expect(existsSync(a.audio['old-2']!)).toBe(false);
    expect(existsSync(a.audio['old-held']!)).toBe(true);
    expect(existsSync(a.audio['new-1']!)).toBe(true);

    if (backend === 'sqlite') {
      const db = openRaw(a.db);
      expect(integrityCheck(db)).toEqual([]);
      expect(ftsIntegrityCheck(db)).toBeNull();
      db.close();
    }
    expect(await queryValue(a.db, 'SELECT count(*) FROM transcript_segments WHERE recording_key NOT IN (SELECT key FROM recordings)')).toBe(0);
    expect(await queryValue(a.db, 'SELECT count(*) FROM insights WHERE recording_key NOT IN (SELECT key FROM recordings)')).toBe(0);
    const audit = await queryRows<{ actor: string; details: string }>(a.db, "SELECT actor, details FROM audit_log WHERE action = 'prune'");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).not.toBe('');
    expect(JSON.parse(audit[0]!.details)).toMatchObject({
      cutoff: daysAgo(365),
      deleted: 2,
      held: 1,
      audioFilesRemoved: 2,
      audioFilesFailed: 0,
    });

    // Released, the formerly held recording goes with the next prune.
    expect((await cli(['hold', 'old-held', '--release'], a.env, { now })).exitCode).toBe(0);
    expect((await cli(['prune', '--older-than', '365d', '--yes'], a.env, { now })).stdout).toContain('Deleted 1 recording ');
    expect(await ids(a.db)).toEqual(['new-1', 'new-2']);
    expect(existsSync(a.audio['old-held']!)).toBe(false);
  });

  test('--dry-run lists what would go and changes nothing', async () => {
    const a = await archive();
    await cli(['hold', 'old-held'], a.env, { now });
    const before = await contentDigest(a.db);
    const result = await cli(['prune', '--older-than', '365d', '--dry-run'], a.env, { now });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Would delete  2 recordings and 2 archived audio files');
    expect(result.stdout).toContain('Kept          1 on legal hold');
    // Oldest first, with their start times.
    expect(result.stdout.indexOf('old-1')).toBeGreaterThan(0);
    expect(result.stdout.indexOf('old-1')).toBeLessThan(result.stdout.indexOf('old-2'));
    // Piped: ISO UTC to the second.
    expect(result.stdout).toContain(daysAgo(500).replace(/\.\d{3}Z$/, 'Z'));
    expect(result.stdout).not.toContain('old-held');
    expect(result.stdout).not.toContain('new-1');
    expect(await contentDigest(a.db)).toBe(before);
    expect(await ids(a.db)).toHaveLength(5);
    for (const path of Object.values(a.audio)) expect(existsSync(path)).toBe(true);
  });

  test('asks on a terminal: "n" deletes nothing, "yes" deletes', async () => {
    const a = await archive();
    const before = await contentDigest(a.db);
    const declined = await cli(['prune', '--older-than', '365d'], a.env, { now, stdinIsTTY: true, input: ['n'] });
    expect(declined.stderr).toContain('Delete 3 recordings that started before');
    expect(declined.stderr).toContain('[y/N]');
    expect(declined.stderr).toContain('cancelled: nothing was deleted');
    expect(declined.exitCode).toBe(1);
    expect(await contentDigest(a.db)).toBe(before);

    const noAnswer = await cli(['prune', '--older-than', '365d'], a.env, { now, stdinIsTTY: true, input: [] });
    expect(noAnswer.exitCode).toBe(1);
    expect(await contentDigest(a.db)).toBe(before);

    const accepted = await cli(['prune', '--older-than', '365d'], a.env, { now, stdinIsTTY: true, input: ['YES'] });
    expect(accepted.exitCode).toBe(0);
    expect(accepted.stdout).toContain('Deleted 3 recordings');
    expect(await ids(a.db)).toEqual(['new-1', 'new-2']);
  });

  test('refuses without --yes when not on a terminal, and rejects a bad duration (exit 2)', async () => {
    const a = await archive();
    const before = await contentDigest(a.db);
    const refused = await cli(['prune', '--older-than', '365d'], a.env, { now });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/^recordings: prune deletes recordings and there is no terminal to confirm on: add --yes\n/);
    expect(refused.stderr).toContain('--dry-run');
    for (const bad of ['a year', '365', '-5d', '0d']) {
      const result = await cli(['prune', '--older-than', bad, '--yes'], a.env, { now });
      expect(result.exitCode, bad).toBe(2);
      expect(result.stderr).toContain('is not a duration');
    }
    expect(await contentDigest(a.db)).toBe(before);
  });

  test('pruneArchive deletes in batches of batchSize rows, each its own transaction', async () => {
    const dir = tempDir();
    const seeds: SeedRecording[] = Array.from({ length: 10 }, (_, i) => ({ id: `r${i}`, startTime: daysAgo(100 + i), lines: [`Guest: word${i}`] }));
    const path = await seedDatabaseFile(dir, [...seeds, { id: 'keep', startTime: daysAgo(1) }]);
    await executeSql(path, `UPDATE recordings SET legal_hold = ${backend === 'sqlite' ? 1 : 'true'} WHERE id = ?`, 'r4');
    const store = await openStore(path);
    try {
      const progress: number[] = [];
      const result = await pruneArchive(store, { cutoff: daysAgo(30), batchSize: 3, onBatch: (deleted) => progress.push(deleted) });
      expect(progress).toEqual([3, 6, 9]);
      expect(result).toMatchObject({ matched: 9, deleted: 9, held: 1, dryRun: false });
      expect(await ids(path)).toEqual(['keep', 'r4']);
      expect(await textMatches(path, 'word1')).toBe(0);
    } finally {
      await store.close();
    }
  });
});
