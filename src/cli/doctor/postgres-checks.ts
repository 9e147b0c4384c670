import { DatabaseAuthError, DatabaseUnavailableError } from '../../db/errors.js';
import { type PostgresReport, inspectPostgres } from '../../db/postgres/inspect.js';
import { OLDEST_SERVER, SERVER_TOO_OLD_FIX, serverTooOld } from '../../db/postgres/server-version.js';
import { redactDatabaseUrl } from '../../util/database-url.js';
import { type CheckResult, fail, pass, warn } from './check.js';
import { type DatabaseChecks, queueResults } from './database-checks.js';

/**
 * An archive on PostgreSQL as doctor sees it, changing nothing (docs/cli.md, "Operations"): the
 * server and its version (14 or newer), what this role may do, the schema's migrations, and the
 * transcript states that need an operator. No extension is needed: search folds case and accents
 * itself (src/db/postgres/text-search-sql.ts), so `unaccent` is neither used nor checked.
 */
export async function checkPostgresDatabase(url: string): Promise<DatabaseChecks> {
  const none: DatabaseChecks = { results: [], newestRecordingId: null, notLicensed: 0 };
  let report: PostgresReport;
  try {
    report = await inspectPostgres(url);
  } catch (error) {
    const message = (error as Error).message;
    const hint = (error as { hint?: string }).hint ?? 'check the URL, and that the server runs and lets this host in';
    const kind = error instanceof DatabaseUnavailableError ? 'unreachable' : error instanceof DatabaseAuthError ? 'credentials' : 'other';
    return { ...none, results: [fail('database.server', 'PostgreSQL server', message || `cannot connect to ${redactDatabaseUrl(url)}`, hint, kind)] };
  }
  const results: CheckResult[] = [serverResult(report), roleResult(report), migrationResult(report)];
  if (!report.facts) return { ...none, results };
  const queue = queueResults(report.facts.transcripts, report.facts.ownersWithoutInsights);
  return { results: [...results, ...queue.results], newestRecordingId: report.newestRecordingId, notLicensed: queue.notLicensed };
}

/** The server and whether it is new enough; below the floor, a failure (exit 1) naming it and what to do. */
export function serverResult(report: Pick<PostgresReport, 'serverVersion' | 'serverVersionNum' | 'location'>): CheckResult {
  const tooOld = serverTooOld({ version: report.serverVersion, versionNum: report.serverVersionNum }, report.location);
  if (tooOld !== null) return fail('database.server', 'PostgreSQL server', tooOld, SERVER_TOO_OLD_FIX);
  return pass('database.server', 'PostgreSQL server', `PostgreSQL ${report.serverVersion} at ${report.location} (recordings needs ${OLDEST_SERVER.name} or newer)`);
}

function roleResult(report: PostgresReport): CheckResult {
  const { privileges, schema, role } = report;
  if (!schema.present) {
    if (privileges.createInSchema) return pass('database.role', 'database role', `${role} may create the archive in schema ${schema.schema}`);
    return warn(
      'database.role',
      'database role',
      `${role} may not create tables in schema ${schema.schema}: only a role that may can run the first sync`,
      'grant it, or sync as the role that owns the schema (README.md, "When one file is not enough")',
    );
  }
  if (!privileges.read) return fail('database.role', 'database role', `${role} may not read the archive in schema ${schema.schema}`, 'GRANT SELECT on its tables (README.md, "When one file is not enough")');
  if (privileges.write) return pass('database.role', 'database role', `${role} may read and sync the archive`);
  const audit = privileges.appendAudit ? 'and append to its audit log' : 'but not append to its audit log: export and stream will fail';
  const result = `${role} may read the archive ${audit} (a support desk's role: it cannot sync)`;
  return privileges.appendAudit ? pass('database.role', 'database role', result) : warn('database.role', 'database role', result, 'GRANT INSERT ON audit_log (README.md, "When one file is not enough")');
}

function migrationResult(report: PostgresReport): CheckResult {
  const { schema } = report;
  const { version } = schema;
  if (!schema.present) {
    return warn('database.migrations', 'schema version', `no archive yet in schema ${schema.schema} at ${report.location}: the first sync creates it`, 'run recordings sync (or point --db / RECORDINGS_DB at the archive)');
  }
  if (schema.newer) return fail('database.migrations', 'schema version', 'the archive was written by a newer version of recordings', 'upgrade recordings');
  if (version.applied === version.known) return pass('database.migrations', 'schema version', `${version.applied} of ${version.known} migrations applied (${version.latest})`);
  const who = report.privileges.write ? 'the next command applies them' : 'the next sync (by the role that owns the schema) applies them';
  return warn('database.migrations', 'schema version', `${version.known - version.applied} migrations pending: ${who}`, 'back up first: recordings backup <file>');
}
