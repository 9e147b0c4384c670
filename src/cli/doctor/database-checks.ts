import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import { ftsIntegrityCheck, integrityCheck } from '../../db/integrity.js';
import { schemaVersion } from '../../db/migrations.js';
import { APPLICATION_ID, archiveExists } from '../../db/open.js';
import { ownerLabel, ownersWithoutInsights } from '../../db/owner-queries.js';
import type { RecordingOwner } from '../../db/row-types.js';
import { transcriptQueue, type TranscriptQueue } from '../../db/status-queries.js';
import { isPostgresUrl } from '../../util/database-url.js';
import { ownerWithoutInsightsAdvice } from '../../ringcentral/ringsense-answers.js';
import { folderProblem } from '../../util/folder-access.js';
import { type CheckResult, fail, pass, warn } from './check.js';

export interface DatabaseChecks {
  results: CheckResult[];
  /** The newest recording id, for probing RingSense with a real id; null without a database. */
  newestRecordingId: string | null;
  /** Recordings whose transcript is marked `not_licensed` (for the hint after the RingSense check). */
  notLicensed: number;
}

/**
 * Opens the database as it is, without creating or migrating it (doctor reports, it does not
 * repair): ownership, `PRAGMA integrity_check`, FTS5's own check, the schema version, and the
 * transcript states that need an operator.
 */
export async function checkDatabase(path: string): Promise<DatabaseChecks> {
  if (isPostgresUrl(path)) {
    const { checkPostgresDatabase } = await import('./postgres-checks.js');
    return checkPostgresDatabase(path);
  }
  const none: DatabaseChecks = { results: [], newestRecordingId: null, notLicensed: 0 };
  if (!archiveExists(path)) {
    return {
      ...none,
      results: [
        warn('database.open', 'database', `no archive yet at ${path}: the first sync creates it`, 'run recordings sync (or point --db / RECORDINGS_DB at the archive)'),
        folderResult(path),
      ],
    };
  }
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  let db: Database;
  try {
    db = new BetterSqlite3(path, { fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    const id = db.pragma('application_id', { simple: true }) as number;
    if (id !== APPLICATION_ID) {
      db.close();
      return { ...none, results: [fail('database.open', 'database', `${path} is not a recordings database`, 'point --db, RECORDINGS_DB or "database" at the archive')] };
    }
  } catch (error) {
    return {
      ...none,
      results: [fail('database.open', 'database', `cannot open ${path}: ${(error as Error).message}`, 'check the path and that this user owns the file')],
    };
  }
  try {
    const results = [pass('database.open', 'database', `${path} opens`)];
    results.push(integrityResult(db), ftsResult(db, path), migrationResult(db));
    const queue = queueResults(transcriptQueue(db), ownersWithoutInsights(db));
    results.push(...queue.results);
    const newest = db.prepare('SELECT id FROM recordings ORDER BY key DESC LIMIT 1').pluck().get() as string | undefined;
    return { results, newestRecordingId: newest ?? null, notLicensed: queue.notLicensed };
  } finally {
    db.close();
  }
}

/** Whether the first sync will be able to make the archive's folder and file; nothing is created to find out. */
function folderResult(path: string): CheckResult {
  const folder = dirname(path);
  const problem = folderProblem(folder);
  if (problem === null) return pass('database.folder', 'database folder', `${folder} can hold the archive`);
  return fail('database.folder', 'database folder', `the archive cannot be created in ${folder}: ${problem}`, 'choose a folder this user can write to with --db or RECORDINGS_DB, or fix its owner or mode');
}

/** The transcript states that need an operator, on either backend: failed fetches, and owners without insights. */
export function queueResults(queue: readonly TranscriptQueue[], owners: readonly RecordingOwner[]): { results: CheckResult[]; notLicensed: number } {
  const count = (status: string) => queue.find((row) => row.status === status)?.count ?? 0;
  const results: CheckResult[] = [];
  const failed = count('failed');
  if (failed > 0) {
    results.push(warn('database.transcripts', 'transcripts', `${failed} transcripts failed to fetch`, 'see recordings status; retry with: recordings sync --retry'));
  }
  const ownersCheck = ownersResult(owners);
  if (ownersCheck) results.push(ownersCheck);
  return { results, notLicensed: count('not_licensed') };
}

/**
 * Owners none of whose recordings ever got insights, after a run of them: most likely users without
 * an AI Conversation Expert licence (docs/design.md, "RingCentral as it really behaves"). One
 * warning for all, naming the first few: an account may well license only some of its users.
 */
function ownersResult(owners: readonly RecordingOwner[]): CheckResult | null {
  const first = owners[0];
  if (!first) return null;
  const advice = ownerWithoutInsightsAdvice(ownerLabel(first), first.unavailableStreak);
  if (owners.length === 1) return warn('ringsense.owners', 'recording owners', advice.problem, advice.fix);
  const others = owners.slice(1, 4).map(ownerLabel).join(', ');
  const more = owners.length > 4 ? ` and ${owners.length - 4} more (recordings status lists all)` : '';
  return warn(
    'ringsense.owners',
    'recording owners',
    `${advice.problem} The same for ${others}${more}.`,
    ownerWithoutInsightsAdvice(`each of these extensions`, first.unavailableStreak).fix,
  );
}

function integrityResult(db: Database): CheckResult {
  const problems = integrityCheck(db);
  if (problems.length === 0) return pass('database.integrity', 'integrity check', 'PRAGMA integrity_check: ok');
  return fail(
    'database.integrity',
    'integrity check',
    `PRAGMA integrity_check: ${problems.slice(0, 2).join('; ')}${problems.length > 2 ? ` (+${problems.length - 2} more)` : ''}`,
    'restore the latest backup (recordings backup makes verified ones); recordings sync --full --since <date> refills what is missing',
  );
}

function ftsResult(db: Database, path: string): CheckResult {
  const problem = ftsIntegrityCheck(db);
  if (problem === null) return pass('database.fts', 'search index', 'FTS5 integrity-check: ok');
  return fail(
    'database.fts',
    'search index',
    `FTS5 integrity-check: ${problem}`,
    `rebuild it: sqlite3 ${path} "INSERT INTO recordings_fts(recordings_fts) VALUES('rebuild')"`,
  );
}

function migrationResult(db: Database): CheckResult {
  const version = schemaVersion(db);
  if (version.applied === version.known) return pass('database.migrations', 'schema version', `${version.applied} of ${version.known} migrations applied (${version.latest})`);
  return warn(
    'database.migrations',
    'schema version',
    `${version.known - version.applied} migrations pending: the next command applies them`,
    'back up first: recordings backup <file>',
  );
}
