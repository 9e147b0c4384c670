import type pg from 'pg';
import { auditValues, parseDetails } from '../queries/audit.js';
import type { AuditEntry, AuditRow } from '../row-types.js';
import { storableRow } from './text-values.js';

/*
 * The audit log in plain SQL, not drizzle: `export` and `stream` append to it and `audit` reads it,
 * and the query commands do not load drizzle
 * (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team").
 * A hold's own audit rows are written inside its drizzle transaction (operations.ts).
 */

/** Appends one row to the audit log: the one write a support desk's role may make (README.md, "When one file is not enough"). */
export async function appendAuditRow(client: pg.Client, entry: AuditEntry): Promise<void> {
  const row = storableRow(auditValues(entry));
  await client.query('INSERT INTO audit_log (at, action, actor, recording_id, details) VALUES ($1, $2, $3, $4, $5)', [
    row.at,
    row.action,
    row.actor,
    row.recordingId,
    row.details,
  ]);
}

/** The newest `limit` audit rows, newest first (ties in `at` by insertion order). */
export async function listAudit(client: pg.Client, limit: number): Promise<AuditRow[]> {
  const rows = await client.query<Omit<AuditRow, 'details'> & { details: string }>(
    'SELECT id, at, action, actor, recording_id AS "recordingId", details FROM audit_log ORDER BY at DESC, id DESC LIMIT $1',
    [limit],
  );
  return rows.rows.map((row) => ({ ...row, details: parseDetails(row.details) }));
}
