import { statSync } from 'node:fs';
import { schemaVersion } from '../../db/migrations.js';
import { databaseCounts, readState, recentSyncRuns, type SyncRunRow } from '../../db/status-queries.js';
import type { CommandFunction } from '../invocation.js';
import { openDatabase } from '../open-database.js';

export interface StatusOptions {
  json?: boolean;
  maxAge?: string;
  runs: number;
}

/** The database's state: where it is, its schema version, counts, the checkpoint and the last syncs. */
export const statusCommand: CommandFunction<StatusOptions> = async (invocation, options) => {
  const { db, path } = await openDatabase(invocation);
  try {
    const version = schemaVersion(db);
    const counts = databaseCounts(db);
    const runs = recentSyncRuns(db, options.runs);
    const status = {
      database: { path, bytes: fileSize(path) + fileSize(`${path}-wal`), schemaVersion: version.applied, schemaLatest: version.latest },
      counts,
      checkpoint: readState(db, 'checkpoint'),
      lastSync: runs[0] ?? null,
      recentSyncs: runs,
    };
    const out = invocation.ctx.stdout;
    if (options.json) {
      out.write(`${JSON.stringify(status, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `Database        ${path}`,
      `Size            ${formatBytes(status.database.bytes)}`,
      `Schema version  ${version.applied} (${version.latest ?? 'none'})`,
      `Recordings      ${counts.recordings}`,
      `  with transcript ${counts.withTranscript}`,
      ...Object.entries(counts.byTranscriptStatus).map(([name, n]) => `  ${name.padEnd(15)} ${n}`),
      `On legal hold   ${counts.onHold}`,
      `Audio archived  ${counts.audioArchived}`,
      `Checkpoint      ${status.checkpoint ?? 'none (no sync has completed yet)'}`,
      `Last sync       ${runs[0] ? describeRun(runs[0]) : 'none yet'}`,
    ];
    out.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    db.close();
  }
};

function describeRun(run: SyncRunRow): string {
  const error = run.error ? ` — ${run.error}` : '';
  return `${run.startedAt} ${run.status}, ${run.recordingsNew} new, ${run.recordingsUpdated} updated${error}`;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
