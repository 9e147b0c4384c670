import type pg from 'pg';
import { type AudioQueueRow, REFUSED_AUDIO_COLUMNS } from '../audio-queries.js';
import { OWNER_COLUMNS } from '../owner-queries.js';
import type { RecordingOwner, RefusedAudio, SyncRunRow } from '../row-types.js';
import { type DatabaseCounts, SYNC_RUN_COLUMNS as SQLITE_SYNC_RUN_COLUMNS, type TranscriptQueue } from '../status-queries.js';
import type { ArchiveFacts } from '../store.js';
import type { SchemaState } from './schema-state.js';

const RETRIED = "('pending', 'not_yet_available', 'refused')";

/** A select list of SQLite's with its aliases quoted: PostgreSQL folds unquoted names to lower case. */
function quotedAliases(list: string): string {
  return list.replace(/ AS (\w+)/g, ' AS "$1"');
}

export const SYNC_RUN_COLUMNS = quotedAliases(SQLITE_SYNC_RUN_COLUMNS);

/** What `status` shows (src/db/status-queries.ts and its neighbours on SQLite), read in plain SQL. */
export async function archiveFacts(client: pg.Client, schema: SchemaState, options: { runs: number; refusedShown: number }): Promise<ArchiveFacts> {
  const one = async <T extends object>(text: string, values: unknown[] = []): Promise<T> => (await client.query<T>(text, values)).rows[0]!;
  const all = async <T extends object>(text: string, values: unknown[] = []): Promise<T[]> => (await client.query<T>(text, values)).rows;

  const totals = await one<Omit<DatabaseCounts, 'byTranscriptStatus'> & { audioArchiveBytes: number }>(
    `SELECT count(*) AS recordings,
            count(*) FILTER (WHERE transcript_status = 'ready' AND transcript_segment_count > 0) AS "withTranscript",
            count(*) FILTER (WHERE legal_hold) AS "onHold",
            count(audio_path) AS "audioArchived",
            coalesce(sum(audio_bytes) FILTER (WHERE audio_status = 'archived'), 0) AS "audioArchiveBytes"
     FROM recordings`,
  );
  const transcripts = await all<TranscriptQueue & { dueNow: boolean }>(
    `SELECT transcript_status AS status, count(*) AS count,
            CASE WHEN transcript_status = 'pending' THEN min(transcript_next_attempt_at) END AS "nextAttemptAt",
            bool_or(transcript_status = 'pending' AND transcript_next_attempt_at IS NULL) AS "dueNow"
     FROM recordings GROUP BY transcript_status ORDER BY transcript_status COLLATE "C"`,
  );
  const audio = await all<AudioQueueRow & { dueNow: boolean }>(
    `SELECT coalesce(audio_status, 'not_tried') AS status, count(*) AS count,
            CASE WHEN audio_status IN ${RETRIED} THEN min(audio_next_attempt_at) END AS "nextAttemptAt",
            bool_or(audio_status IN ${RETRIED} AND audio_next_attempt_at IS NULL) AS "dueNow"
     FROM recordings GROUP BY audio_status ORDER BY coalesce(audio_status, 'not_tried') COLLATE "C"`,
  );
  const { audioArchiveBytes, ...counts } = totals;
  return {
    schema: schema.version,
    bytes: (
      await one<{ bytes: number }>(
        `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c
         WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'm')`,
      )
    ).bytes,
    audioArchiveBytes,
    counts: {
      ...counts,
      byTranscriptStatus: Object.fromEntries(transcripts.map((row) => [row.status, row.count])),
    },
    // A pending one with no next attempt is due now, which SQLite's min(coalesce(…, '')) reports as null too.
    transcripts: transcripts.map(({ dueNow, ...row }) => ({ ...row, nextAttemptAt: dueNow ? null : row.nextAttemptAt })),
    ownersWithoutInsights: await all<RecordingOwner>(
      `SELECT ${quotedAliases(OWNER_COLUMNS)}
       FROM recording_owners WHERE sparse_since IS NOT NULL
       ORDER BY unavailable_streak DESC, extension_number COLLATE "C" NULLS FIRST, extension_id COLLATE "C"`,
    ),
    audio: {
      byStatus: audio.map(({ dueNow, ...row }) => ({ ...row, nextAttemptAt: dueNow ? null : row.nextAttemptAt })),
      refused: await all<RefusedAudio>(
        `SELECT ${quotedAliases(REFUSED_AUDIO_COLUMNS)}
         FROM recordings WHERE audio_status = 'refused' ORDER BY start_time DESC LIMIT $1`,
        [options.refusedShown],
      ),
    },
    checkpoint: (await all<{ value: string }>("SELECT value FROM sync_state WHERE name = 'checkpoint'"))[0]?.value ?? null,
    recentSyncs: await all<SyncRunRow>(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs ORDER BY id DESC LIMIT $1`, [options.runs]),
    lastSuccessfulSync: (await all<SyncRunRow>(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs WHERE status = 'ok' ORDER BY id DESC LIMIT 1`))[0] ?? null,
  };
}
