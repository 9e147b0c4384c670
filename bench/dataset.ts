/**
 * Bench data: the simulator's generated account written the way sync writes it. Each call-log
 * record goes through mapCallLogRecord and writeCallRecordings (one page of 1,000 records per
 * transaction, as sync does); each recording RingSense has insights for goes through mapInsights
 * and writeTranscript. Only the HTTP hop is skipped, so a million rows take minutes, not hours;
 * `sync-ingest.ts` measures the full path with HTTP separately.
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { DEFAULT_INTENTS, DEFAULT_TOPICS } from '../src/config/default-rules.js';
import type { CallRecordingRow } from '../src/db/row-types.js';
import { openDb } from '../src/db/open.js';
import { writeCallRecordings, writeTranscript } from '../src/db/sqlite/write-recordings.js';
import { Account } from '../src/simulator/index.js';
import { compileRules } from '../src/sync/classify.js';
import { mapCallLogRecord } from '../src/sync/map-call-log-record.js';
import { mapInsights } from '../src/sync/map-insights.js';

/** A fixed clock, so the same size always yields the same rows. */
export const ANCHOR_MS = Date.parse('2026-11-01T00:00:00.000Z');
const PAGE = 1000;
const MAPPING = { defaultRegion: 'US', minRecordingSeconds: 10 };

export interface DatasetInfo {
  path: string;
  recordings: number;
  calls: number;
  seconds: number;
  reused: boolean;
}

/** About 2,700 calls a day: a busy restaurant group's year at 1M recordings. */
function daysFor(recordings: number): number {
  return Math.max(7, Math.ceil(recordings / 2700));
}

/** The database file of `recordings` rows under `dir`, built once and reused by later runs. */
export async function ensureDataset(dir: string, recordings: number, log: (line: string) => void): Promise<DatasetInfo> {
  const path = `${dir}/recordings-${recordings}.db`;
  if (existsSync(path)) return { path, recordings, calls: 0, seconds: 0, reused: true };
  const partial = `${path}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const started = performance.now();
  const db = await openDb(partial);
  const calls = writeAccount(db, recordings, log);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(partial, path);
  const seconds = (performance.now() - started) / 1000;
  log(`  built ${path}: ${recordings} recordings from ${calls} calls in ${seconds.toFixed(0)} s, ${(statSync(path).size / 1e6).toFixed(0)} MB`);
  return { path, recordings, calls, seconds, reused: false };
}

/** Writes calls 0, 1, 2 … until exactly `recordings` rows exist; returns the number of calls used. */
export function writeAccount(db: Database, recordings: number, log: (line: string) => void = () => {}): number {
  // Generous: a call has 0–2 recordings; the loop stops at the wanted count.
  const calls = Math.ceil(recordings * 1.6) + 100;
  const account = new Account({
    seed: 8,
    calls,
    days: daysFor(recordings),
    anchorMs: ANCHOR_MS,
    now: () => ANCHOR_MS,
    live: false,
    baseUrl: 'http://127.0.0.1:1',
    insightsDelaySeconds: 1800,
    insightsCoverage: 0.9,
  });
  const rules = { topics: compileRules(DEFAULT_TOPICS), intents: compileRules(DEFAULT_INTENTS) };
  const now = new Date(ANCHOR_MS).toISOString();
  let written = 0;
  let call = 0;
  let nextLog = 100_000;
  while (written < recordings && call < calls) {
    const page: CallRecordingRow[] = [];
    for (let n = 0; n < PAGE && call < calls && written + page.length < recordings; call++) {
      const record = account.callAt(call);
      const rows = mapCallLogRecord(record, MAPPING);
      if (rows.length === 0) continue;
      n++;
      page.push(...rows.slice(0, recordings - written - page.length));
    }
    writeCallRecordings(db, page, now);
    // Transcripts of the page in one outer transaction (writeTranscript's own becomes a savepoint).
    db.transaction(() => {
      for (const row of page) {
        if (row.transcriptStatus !== 'pending') continue;
        const body = account.insightsFor(row.id, ANCHOR_MS);
        if (body) writeTranscript(db, row.id, mapInsights(body, rules), now);
      }
    })();
    written += page.length;
    if (written >= nextLog) {
      log(`  … ${written} recordings`);
      nextLog += 100_000;
    }
  }
  if (written < recordings) throw new Error(`the generated account holds only ${written} recordings`);
  return call;
}
