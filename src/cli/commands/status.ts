import { parseDuration } from '../../config/duration.js';
import { NoArchiveError } from '../../db/errors.js';
import type { RefusedAudio, SyncRunRow } from '../../db/row-types.js';
import { ownerLabel } from '../../db/owner-queries.js';
import { archiveStatus } from '../../query/status.js';
import { lastSuccessAgeMs, noArchiveStatus } from '../../query/status-json.js';
import { ownerWithoutInsightsAdvice } from '../../ringcentral/ringsense-answers.js';
import { UsageError } from '../errors.js';
import type { CommandFunction, Invocation } from '../invocation.js';
import { resolveDatabasePath } from '../../config/load.js';
import { openArchive } from '../open-database.js';
import { type TimeFormatter, timeFormatter } from '../output/index.js';

export interface StatusOptions {
  json?: boolean;
  maxAge?: string;
  runs: number;
}

/**
 * The archive's health for an operator: the database, its schema version and size, counts, the
 * checkpoint, the transcript queue and the last syncs. With --max-age it is a monitoring check:
 * exit 1 when the last successful sync is older (or there is none).
 */
export const statusCommand: CommandFunction<StatusOptions> = async (invocation, options) => {
  const maxAgeMs = options.maxAge === undefined ? null : parseDuration(options.maxAge);
  if (maxAgeMs === undefined) throw new UsageError(`--max-age: '${options.maxAge}' is not a duration`, 'example: recordings status --max-age 30m');
  const path = await resolveDatabasePath(invocation.globals, invocation.ctx.env);
  let store;
  try {
    store = await openArchive(path);
  } catch (error) {
    if (error instanceof NoArchiveError) return reportNoArchive(invocation, options, maxAgeMs, error);
    throw error;
  }
  try {
    const now = invocation.ctx.now();
    const status = await archiveStatus(store, now, { runs: options.runs, maxAgeMs });
    const runs = status.recentSyncs;
    const ageMs = lastSuccessAgeMs(status, now);
    const stale = status.maxAge?.stale === true;
    const out = invocation.ctx.stdout;
    if (options.json) {
      out.write(`${JSON.stringify(status, null, 2)}\n`);
    } else {
      const { counts, database } = status;
      const times = timeFormatter(out, now);
      const lines = [
        `Database        ${store.location}`,
        `Size            ${formatBytes(status.database.bytes)} (audio archive ${formatBytes(status.audioArchiveBytes)})`,
        `Schema version  ${database.schemaVersion} (${database.schemaLatest ?? 'none'})`,
        `Recordings      ${counts.recordings} (${counts.withTranscript} with transcript, ${counts.onHold} on hold, ${counts.audioArchived} audio archived)`,
        `Transcripts${status.transcripts.length === 0 ? '     none' : ''}`,
        ...status.transcripts.map(
          (row) => `  ${row.status.padEnd(13)} ${String(row.count).padStart(7)}${row.status === 'pending' ? `  next due ${row.nextAttemptAt ? times.due(row.nextAttemptAt) : 'now'}` : ''}`,
        ),
        ...(status.ownersWithoutInsights ?? []).map(
          (owner, i) =>
            `${i === 0 ? 'RingSense      ' : '               '} ${ownerWithoutInsightsAdvice(ownerLabel(owner), owner.recordingsWithoutInsights).problem}`,
        ),
        // An archive that never keeps audio has every recording `not_tried`: one line says so.
        ...(status.audio.byStatus.every((row) => row.status === 'not_tried')
          ? [`Audio           ${counts.recordings === 0 ? 'none' : 'not archived (sync --audio or sync.audio keeps a copy)'}`]
          : ['Audio']),
        ...status.audio.byStatus.filter((row) => row.status !== 'not_tried' || status.audio.byStatus.length > 1).map(
          (row) =>
            `  ${row.status.padEnd(17)} ${String(row.count).padStart(7)}${RETRIED.has(row.status) ? `  next try ${row.nextAttemptAt ? times.due(row.nextAttemptAt) : 'now'}` : ''}`,
        ),
        ...describeRefused(status.audio.refused, status.audio.byStatus.find((row) => row.status === 'refused')?.count ?? 0, times),
        `Checkpoint      ${status.checkpoint ? times.at(status.checkpoint) : 'none (no sync has completed yet)'}`,
        `Last sync       ${runs[0] ? describeRun(runs[0], times) : 'none yet'}`,
      ];
      if (runs.length > 1) lines.push('Recent syncs', ...runs.map((run) => `  ${describeRun(run, times)}`));
      out.write(`${lines.join('\n')}\n`);
    }
    if (stale) {
      const age = ageMs === null ? 'no sync has succeeded yet' : `the last successful sync finished ${Math.round(ageMs / 60_000)} min ago`;
      invocation.log.error(`stale: ${age} (--max-age ${options.maxAge})`);
      return 1;
    }
    return 0;
  } finally {
    await store.close();
  }
};

const RETRIED = new Set(['pending', 'not_yet_available', 'refused']);

/** The refused recordings, each with RingCentral's reason: an administrator has to grant the permission. */
function describeRefused(refused: RefusedAudio[], total: number, times: TimeFormatter): string[] {
  if (total === 0) return [];
  const lines = [
    `Refused audio   ${total} recording${total === 1 ? '' : 's'} (403): the RingCentral user of the JWT lacks ReadCompanyCallRecording for their extension; sync tries again`,
    ...refused.map((row) => `  ${row.id}  ${times.at(row.startTime)}  extension ${row.extensionId ?? '?'}  ${(row.error ?? '').slice(0, 160)}`),
  ];
  if (total > refused.length) lines.push(`  … and ${total - refused.length} more`);
  return lines;
}

/**
 * No archive yet is a state to report, not an error, for the command that reports state: the
 * message goes to stdout, exit 0; with --max-age it is stale (exit 1), since nothing was synced.
 * Nothing is created (docs/cli.md, "Which archive").
 */
function reportNoArchive(invocation: Invocation, options: StatusOptions, maxAgeMs: number | null, error: NoArchiveError): number {
  const out = invocation.ctx.stdout;
  if (options.json) {
    const status = noArchiveStatus(error.path, error.message, maxAgeMs);
    out.write(`${JSON.stringify(status, null, 2)}\n`);
  } else {
    out.write(`${error.message}\n`);
  }
  if (maxAgeMs === null) return 0;
  invocation.log.error(`stale: no sync has succeeded yet (--max-age ${options.maxAge})`);
  return 1;
}

function describeRun(run: SyncRunRow, times: TimeFormatter): string {
  const seconds = run.finishedAt ? ` in ${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s` : '';
  const window = run.windowFrom ? ` window ${times.at(run.windowFrom)} → ${run.windowTo ? times.at(run.windowTo) : 'now'}` : '';
  const error = run.error ? ` — ${run.error}` : '';
  return (
    `${times.atAndAge(run.startedAt)} ${run.status}${seconds}:${window}; ${run.recordingsSeen} seen, ${run.recordingsNew} new, ` +
    `${run.recordingsUpdated} updated, ${count(run.transcriptsFetched, 'transcript')}, ${count(run.apiRequests, 'request')}${error}`
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
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
