import type { Database } from 'better-sqlite3';

export interface AuditEntry {
  at: string;
  action: string;
  actor: string;
  recordingId?: string | null;
  details: Record<string, unknown>;
}

/** Appends one row to the audit log (append-only: nothing here updates or deletes). */
export function appendAudit(db: Database, entry: AuditEntry): void {
  db.prepare('INSERT INTO audit_log (at, action, actor, recording_id, details) VALUES (?, ?, ?, ?, ?)').run(
    entry.at,
    entry.action,
    entry.actor,
    entry.recordingId ?? null,
    JSON.stringify(entry.details),
  );
}

/** One audit row as read back, details parsed. */
export interface AuditRow {
  id: number;
  at: string;
  action: string;
  actor: string;
  recordingId: string | null;
  details: Record<string, unknown>;
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
