import type pg from 'pg';
import { auditValues } from '../queries/audit.js';
import type { AuditEntry } from '../row-types.js';
import { storableRow } from './text-values.js';

/**
 * Appends one row to the audit log, as operations.ts's appendAudit does inside a hold's transaction.
 * Plain SQL, not drizzle: `export` appends a row, and the query commands do not load drizzle
 * (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team").
 */
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
