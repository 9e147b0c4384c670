import type { Database } from 'better-sqlite3';
import type { auditLog } from '../sqlite/schema.js';
import type { AuditEntry, AuditRow } from '../row-types.js';

/** An audit entry as an audit_log row: details as JSON text. */
export function auditValues(entry: AuditEntry): Omit<typeof auditLog.$inferInsert, 'id'> {
  return { at: entry.at, action: entry.action, actor: entry.actor, recordingId: entry.recordingId ?? null, details: JSON.stringify(entry.details) };
}

/** The columns appendAudit writes, named as auditValues() names their values. */
export const AUDIT_INSERT = 'INSERT INTO audit_log (at, action, actor, recording_id, details) VALUES (@at, @action, @actor, @recordingId, @details)';

/**
 * Appends one row to the audit log (append-only: nothing here updates or deletes). Hand-written
 * SQL, not drizzle: `export` appends a row, and the query commands do not load drizzle
 * (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team"); the statement's columns
 * are checked against the schema (test/store/column-lists.test.ts).
 */
export function appendAudit(db: Database, entry: AuditEntry): void {
  db.prepare(AUDIT_INSERT).run(auditValues(entry));
}

/** The newest `limit` audit rows, newest first (ties in `at` by insertion order). */
export function listAudit(db: Database, limit: number): AuditRow[] {
  const rows = db
    .prepare('SELECT id, at, action, actor, recording_id AS recordingId, details FROM audit_log ORDER BY at DESC, id DESC LIMIT ?')
    .all(limit) as (Omit<AuditRow, 'details'> & { details: string })[];
  return rows.map((row) => ({ ...row, details: parseDetails(row.details) }));
}

export function parseDetails(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    // Rows written by hand (sqlite3 shell) may hold plain text: show it rather than fail the listing.
    return { text };
  }
}
