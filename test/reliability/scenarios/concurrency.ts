import { join } from 'node:path';
import { cli } from '../../helpers/run-cli.js';
import { checkIntegrity, queryValue } from '../../sync/helpers/snapshot.js';
import { startCli } from '../../sync/helpers/spawn.js';
import { ANCHOR, HOUR, type Lab, databasePath, iso, simEnv, sleep } from './harness.js';

/** Concurrency (issue 9, item 3): readers, a second sync and a backup while a long sync runs. */
export interface ConcurrencyOptions {
  calls: number;
  slowMs: number;
  /** Reader loops (search, stats, export, each once) at least, however fast the sync is. */
  readerLoopsAtLeast: number;
}

export interface ConcurrencyReport {
  readerRuns: number;
  readerFailures: string[];
  secondSyncExit: number;
  secondSyncMessage: string;
  backups: number;
  backupsConsistent: number;
  syncExit: number;
  /** Reader runs that started before the sync ended. */
  readerRunsDuringSync: number;
  integrity: boolean;
}

const READERS: string[][] = [
  ['search', '--text', 'reservation', '--json'],
  ['search', '--phone', '555-01', '--from', '2026-11-01'],
  ['search', '--direction', 'inbound', '--has-transcript', '--format', 'ndjson'],
  ['stats', '--json'],
  ['stats'],
  ['export', '--format', 'ndjson'],
  ['export', '--format', 'csv', '--text', 'catering'],
  ['get', 'missing-id-4040'],
];

export async function runConcurrency(lab: Lab, options: ConcurrencyOptions): Promise<ConcurrencyReport> {
  const sim = await lab.simulator({ seed: 51, calls: options.calls, days: 1 });
  sim.faults.delay(options.slowMs);
  const dir = lab.dir();
  const env = simEnv(dir, sim);
  const db = databasePath(dir);
  const args = ['sync', '--since', iso(ANCHOR - 23 * HOUR), '--until', iso(ANCHOR - HOUR), '--json'];
  const sync = startCli(args, env, 180_000);
  let syncDone = false;
  const syncEnded = sync.finished.then((result) => {
    syncDone = true;
    return result;
  });
  await sync.waitForLine(/call log page 1:/, 60_000);

  const report: ConcurrencyReport = {
    readerRuns: 0,
    readerFailures: [],
    secondSyncExit: -1,
    secondSyncMessage: '',
    backups: 0,
    backupsConsistent: 0,
    syncExit: -1,
    readerRunsDuringSync: 0,
    integrity: false,
  };

  const second = await cli(args, env);
  report.secondSyncExit = second.exitCode;
  report.secondSyncMessage = second.stderr.trim().split('\n')[0] ?? '';

  let loops = 0;
  while (!syncDone || loops < options.readerLoopsAtLeast) {
    for (const reader of READERS) {
      const during = !syncDone;
      const result = await cli(reader, env);
      report.readerRuns++;
      if (during) report.readerRunsDuringSync++;
      const expected = reader[0] === 'get' ? 4 : 0;
      if ((result.exitCode !== expected || (expected === 0 && /^recordings: |\n\s+at /m.test(result.stderr))) && report.readerFailures.length < 20) {
        report.readerFailures.push(`${reader.join(' ')} → ${result.exitCode}: ${result.stderr.slice(0, 200)}`);
      }
    }
    if (!syncDone || report.backups === 0) {
      const target = join(dir, `backup-${report.backups}.db`);
      const backup = await cli(['backup', target], env);
      report.backups++;
      if (backup.exitCode === 0 && (await consistentCopy(target))) report.backupsConsistent++;
      else report.readerFailures.push(`backup → ${backup.exitCode}: ${backup.stderr.slice(0, 200)}`);
    }
    loops++;
    await sleep(10);
  }
  const ended = await syncEnded;
  report.syncExit = ended.exitCode ?? -1;
  report.integrity = (await consistentCopy(db));
  return report;
}

/** integrity_check, FTS5 integrity-check, one FTS row per recording, no transcript without its recording. */
async function consistentCopy(path: string): Promise<boolean> {
  try {
    const check = (await checkIntegrity(path));
    const recordings = (await queryValue<number>(path, 'SELECT count(*) FROM recordings'));
    const orphans = (await queryValue<number>(path, 'SELECT count(*) FROM transcript_segments s WHERE NOT EXISTS (SELECT 1 FROM recordings r WHERE r.key = s.recording_key)'));
    return check.integrity === 'ok' && check.ftsRows === recordings && orphans === 0;
  } catch {
    return false;
  }
}
