/**
 * Export memory check (issue 8): seeds N recordings straight into SQLite, runs
 * `bin/recordings export` on them and fails when its peak RSS passes the limit.
 *
 *   npx tsx bench/export-memory.ts [rows=1000000] [format=csv]
 *
 * Needs `npm run build` first (it runs the shipped bin). Peak RSS is the child's VmHWM from
 * /proc/<pid>/status, polled every 20 ms (bench/process.ts). Exit 0 within the limit, 1 over it or on
 * failure. `npm run bench` measures the same export on the simulator's data at each size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '../src/db/open.js';
import { BIN, cliEnv, runChild } from './process.js';

const LIMIT_MB = 150;

export async function seedSynthetic(path: string, rows: number): Promise<void> {
  const db = await openDb(path);
  const insert = db.prepare(
    `INSERT INTO recordings (key, id, call_id, start_time, duration_seconds, direction, from_number, from_name,
       from_digits_reversed, to_number, to_name, to_digits_reversed, recording_type, content_uri, call_log_json,
       transcript_status, transcript_segment_count, transcript, summary, sentiment, topics, first_seen_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Automatic', '', '{}', 'ready', 2, ?, ?, ?, ?, ?, ?)`,
  );
  const start = Date.parse('2025-01-01T00:00:00.000Z');
  const words = ['reservation', 'refund', 'parking', 'catering', 'delivery', 'gift card', 'table', 'menu', 'hours'];
  const sentiments = ['Positive', 'Neutral', 'Negative'];
  const write = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const ms = start + i * 30_000;
      const from = `+1415${String(5550000 + (i % 9999)).padStart(7, '0')}`;
      const word = words[i % words.length]!;
      insert.run(
        ms * 1000,
        `rec-${i}`,
        `call-${i}`,
        new Date(ms).toISOString(),
        30 + (i % 600),
        i % 3 === 0 ? 'Outbound' : 'Inbound',
        from,
        `Caller ${i % 5000}`,
        [...from.slice(1)].reverse().join(''),
        '+16505550199',
        'Front Desk',
        '99105550561',
        `Hello, I am calling about a ${word}.\nSure, let me help you with the ${word}, one moment please.`,
        `Call about ${word}`,
        sentiments[i % 3],
        JSON.stringify([word.replace(' ', '_')]),
        '2026-01-01T00:00:00.000Z',
        '2026-01-01T00:00:00.000Z',
      );
    }
  });
  for (let i = 0; i < rows; i += 50_000) write(i, Math.min(rows, i + 50_000));
  db.close();
}

/**
 * Runs `bin/recordings export` on the database as its own process (private HOME and XDG folders,
 * output counted and dropped) and reports its peak RSS. `npm run bench` reports the same figure.
 */
export async function peakExportRssMb(dbPath: string, format: string): Promise<{ peakMb: number; exitCode: number; bytes: number; seconds: number }> {
  const home = mkdtempSync(join(tmpdir(), 'rec-export-'));
  try {
    const run = await runChild(process.execPath, [BIN, 'export', '--format', format], cliEnv(home, dbPath), false);
    if (run.exitCode !== 0) process.stderr.write(run.stderr);
    return { peakMb: run.peakMb, exitCode: run.exitCode, bytes: run.stdoutBytes, seconds: run.seconds };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const format = process.argv[3] ?? 'csv';
  const dir = mkdtempSync(join(tmpdir(), 'rec-bench-'));
  try {
    const dbPath = join(dir, 'recordings.db');
    await seedSynthetic(dbPath, rows);
    const result = await peakExportRssMb(dbPath, format);
    const rate = Math.round(rows / result.seconds);
    console.log(`export ${format}: ${rows} rows, ${(result.bytes / 1e6).toFixed(1)} MB in ${result.seconds.toFixed(1)} s (${rate} rows/s incl. start-up), peak RSS ${result.peakMb.toFixed(1)} MB (limit ${LIMIT_MB} MB)`);
    if (result.exitCode !== 0) throw new Error(`export exited with ${result.exitCode}`);
    if (result.peakMb === 0) throw new Error('could not read the peak RSS from /proc');
    if (result.peakMb > LIMIT_MB) throw new Error(`peak RSS ${result.peakMb.toFixed(1)} MB is over ${LIMIT_MB} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: Error) => {
    console.error(`export-memory: ${error.message}`);
    process.exit(1);
  });
}
