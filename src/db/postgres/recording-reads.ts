import type pg from 'pg';
import { DETAIL_COLUMNS, type InsightValue, type RecordingDetail, type RecordingRow, type SegmentDetail, recordingDetail } from '../queries/get.js';

/**
 * Reads of single recordings on PostgreSQL, in plain SQL as on SQLite (src/db/queries/get.ts): the
 * query commands' read path loads neither drizzle nor anything it does not need.
 */

/** By recording id, call-log record id or (telephony) session id; a call with several recordings resolves to the earliest. */
export async function findRecording(client: pg.Client, id: string): Promise<RecordingDetail | null> {
  const byId = await client.query<RecordingRow>(`SELECT ${DETAIL_COLUMNS} FROM recordings WHERE id = $1`, [id]);
  const row =
    byId.rows[0] ??
    (
      await client.query<RecordingRow>(
        `SELECT ${DETAIL_COLUMNS} FROM recordings WHERE key = (
           SELECT min(key) FROM (
             SELECT key FROM recordings WHERE call_id = $1
             UNION ALL SELECT key FROM recordings WHERE telephony_session_id = $1
             UNION ALL SELECT key FROM recordings WHERE session_id = $1) AS matches)`,
        [id],
      )
    ).rows[0];
  if (!row) return null;
  const others = await client.query<{ id: string }>(
    `SELECT id FROM recordings WHERE key IN (
       SELECT key FROM recordings WHERE call_id = $1
       UNION SELECT key FROM recordings WHERE telephony_session_id = $2
       UNION SELECT key FROM recordings WHERE session_id = $3)
     AND key <> $4 ORDER BY key`,
    [row.call_id, row.telephony_session_id, row.session_id, row.key],
  );
  const segments = await client.query<SegmentDetail>(
    'SELECT speaker_id AS "speakerId", speaker_name AS "speakerName", start, "end", text FROM transcript_segments WHERE recording_key = $1 ORDER BY ordinal',
    [row.key],
  );
  const values = await client.query<InsightValue>(
    "SELECT kind, value FROM insights WHERE recording_key = $1 AND kind IN ('next_step', 'highlight') ORDER BY kind, ordinal",
    [row.key],
  );
  return recordingDetail(row, others.rows.map((other) => other.id), segments.rows, values.rows);
}

export async function contentUri(client: pg.Client, recordingId: string): Promise<string | null> {
  const found = await client.query<{ content_uri: string }>('SELECT content_uri FROM recordings WHERE id = $1', [recordingId]);
  return found.rows[0]?.content_uri ?? null;
}

export async function newestRecordingId(client: pg.Client): Promise<string | null> {
  const found = await client.query<{ id: string }>('SELECT id FROM recordings ORDER BY key DESC LIMIT 1');
  return found.rows[0]?.id ?? null;
}
