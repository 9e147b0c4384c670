import type { AuditRow } from '../../db/row-types.js';
import type { CommandFunction } from '../invocation.js';
import { openDatabase } from '../open-database.js';
import { safeJson, terminalSafe, timeFormatter } from '../output/index.js';

export interface AuditOptions {
  json?: boolean;
  limit: number;
}

/** `recordings audit`: the audit log (prune, hold, release, backup, export, stream), newest first. */
export const auditCommand: CommandFunction<AuditOptions> = async (invocation, options) => {
  const { store } = await openDatabase(invocation);
  let entries: AuditRow[];
  try {
    entries = await store.listAudit(options.limit);
  } finally {
    await store.close();
  }
  const out = invocation.ctx.stdout;
  if (options.json) {
    out.write(`${safeJson({ entries }, 2)}\n`);
    return 0;
  }
  if (entries.length === 0) {
    out.write('The audit log is empty.\n');
    return 0;
  }
  const times = timeFormatter(out, invocation.ctx.now());
  const rows = entries.map((entry) => [
    times.atSecond(entry.at),
    terminalSafe(entry.action),
    terminalSafe(entry.actor),
    terminalSafe(entry.recordingId ?? '-'),
    terminalSafe(describeDetails(entry.details)),
  ]);
  // Loaded here, not at start-up: only this human listing needs it.
  const { plainTable } = await import('../output/plain-table.js');
  out.write(`${plainTable(['TIME', 'ACTION', 'ACTOR', 'RECORDING', 'DETAILS'], rows)}\n`);
  return 0;
};

/** `key=value` pairs on one line; nested values as compact JSON. */
function describeDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}
