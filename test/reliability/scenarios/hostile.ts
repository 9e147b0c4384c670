import type { CliContext, TextSink } from '../../../src/cli/context.js';
import { runCli } from '../../../src/cli/run.js';
import { HOSTILE_INSIGHTS_KINDS, HOSTILE_RECORD_KINDS, type HostileInsightsKind, type HostileRecordKind } from '../../../src/simulator/index.js';
import { queryRows } from '../../helpers/backends.js';
import type { CliResult } from '../../helpers/run-cli.js';
import { checkIntegrity } from '../../sync/helpers/snapshot.js';
import { ANCHOR, HOUR, type Lab, type Rig, anchorDate, iso, rig } from './harness.js';

/**
 * Hostile API payloads: the simulator makes one call-log record or one RingSense body hostile; the
 * sync must store it safely (on PostgreSQL a NUL as U+FFFD, docs/cli.md, "PostgreSQL") or reject
 * that record alone, never crash or corrupt the archive, and what the query commands print on a
 * terminal must carry no control character raw.
 */
export interface HostileResult {
  payload: string;
  syncExit: number;
  /** Stored as sent, or rejected (counted invalid, pending) for that record only. */
  handling: 'stored' | 'rejected' | 'missing';
  /** Ground-truth recordings missing after the hostile sync and one normal sync. */
  lost: number;
  /** Transcripts an undisturbed run has that are not stored after the normal sync. */
  transcriptsLost: number;
  integrity: boolean;
  stackTrace: boolean;
  /** Query outputs on a terminal that carried a raw control, escape or bidi character. */
  rawOnTerminal: string[];
  passed: boolean;
}

const FROM = ANCHOR - 5 * HOUR;
const TO = ANCHOR - HOUR;
const ARGS = ['sync', '--since', iso(FROM), '--until', iso(TO), '--json'];
const SIMULATOR = { seed: 61, calls: 200 };
/** C0 controls but tab and newline, DEL, C1 controls, bidi controls, line/paragraph separators. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const STACK = /\n\s+at .+[:(]/;
/** A word each hostile name or text carries, to find it. */
const MARKERS: Record<string, string> = {
  'huge-strings': 'Huge',
  'control-chars': 'Nul',
  'rtl-marks': 'Ali',
  'escape-sequences': 'Mallory',
};

class TerminalSink implements TextSink {
  readonly isTTY = true;
  readonly columns = 120;
  text = '';
  write(chunk: string | Uint8Array): boolean {
    this.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }
}

/** The CLI with stdout and stderr on a (pretend) terminal, colour on as a user's shell has it. */
async function onTerminal(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const stdout = new TerminalSink();
  const stderr = new TerminalSink();
  const ctx: CliContext = { stdout, stderr, env: { ...env, NO_COLOR: undefined, TERM: 'xterm-256color' }, stdinIsTTY: true, readLine: async () => null, now: anchorDate };
  const exitCode = await runCli(['node', 'recordings', ...args], ctx);
  return { exitCode, stdout: stdout.text, stderr: stderr.text };
}

/** Our own colours are SGR sequences (ESC [ … m) and CSV ends lines with CRLF; anything else came from the data. */
function rawControl(text: string): boolean {
  return RAW.test(text.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r\n/g, '\n'));
}

async function terminalChecks(r: Rig, ids: string[], word: string): Promise<string[]> {
  const commands: string[][] = [
    ['search'],
    ['search', '--text', word],
    ['search', '--text', word, '--json'],
    ['search', '--format', 'ndjson'],
    ['search', '--csv'],
    ['export'],
    ['export', '--format', 'json'],
    ['stats'],
    ...ids.flatMap((id) => [['get', id], ['get', id, '--json']]),
  ];
  const found: string[] = [];
  for (const command of commands) {
    const result = await onTerminal(command, r.env);
    if (result.exitCode !== 0 || rawControl(result.stdout) || rawControl(result.stderr) || STACK.test(result.stderr)) {
      found.push(`${command.join(' ')} (exit ${result.exitCode})`);
    }
  }
  return found;
}

/** The first column of every row. */
async function query<T>(db: string, sql: string, ...params: unknown[]): Promise<T[]> {
  return (await queryRows(db, sql, ...params)).map((row) => Object.values(row)[0] as T);
}

async function soundDatabase(db: string): Promise<boolean> {
  try {
    const check = await checkIntegrity(db);
    return check.integrity === 'ok' && check.ftsRows === (await query<number>(db, 'SELECT count(*) FROM recordings'))[0];
  } catch {
    return false;
  }
}

/** Transcript statuses of an undisturbed sync of the same window. */
async function referenceReady(lab: Lab): Promise<Set<string>> {
  const side = await rig(lab, SIMULATOR);
  const result = await side.sync(ARGS);
  if (result.exitCode !== 0) throw new Error(`undisturbed sync failed: ${result.stderr}`);
  return new Set(await query<string>(side.db, "SELECT id FROM recordings WHERE transcript_status = 'ready'"));
}

export async function runHostilePayloads(lab: Lab): Promise<HostileResult[]> {
  const ready = await referenceReady(lab);
  const results: HostileResult[] = [];
  for (const kind of HOSTILE_RECORD_KINDS) results.push(await hostileCase(lab, ready, `call-log record: ${kind}`, (r) => r.sim.faults.hostileRecordNext(1, kind), kind));
  for (const kind of HOSTILE_INSIGHTS_KINDS) {
    results.push(await hostileCase(lab, ready, `RingSense insights: ${kind}`, (r) => r.sim.faults.hostileInsightsNext(1, kind), kind));
  }
  return results;
}

async function hostileCase(
  lab: Lab,
  ready: Set<string>,
  payload: string,
  arm: (r: Rig) => void,
  kind: HostileRecordKind | HostileInsightsKind,
): Promise<HostileResult> {
  const r = await rig(lab, SIMULATOR);
  arm(r);
  const first = await r.sync(ARGS);
  const stackTrace = STACK.test(first.stderr);
  const integrityAfterHostile = (await soundDatabase(r.db));
  const truth = [...r.sim.account.recordingIds(FROM, TO)];
  const storedFirst = new Set(await query<string>(r.db, 'SELECT id FROM recordings'));
  const summary = first.exitCode === 0 ? (JSON.parse(first.stdout) as { recordings: { invalid: number }; transcripts: { pending: number; failed: number } }) : null;

  let handling: HostileResult['handling'];
  let word = 'reservation';
  let ids: string[] = [];
  if (payload.startsWith('call-log')) {
    const marker = MARKERS[kind];
    ids = marker ? await query<string>(r.db, "SELECT id FROM recordings WHERE from_name LIKE ? OR to_name LIKE ?", `${marker}%`, `${marker}%`) : [];
    const rejected = summary?.recordings.invalid === 1 && truth.filter((id) => !storedFirst.has(id)).length <= 2;
    handling = ids.length > 0 ? 'stored' : rejected ? 'rejected' : truth.every((id) => storedFirst.has(id)) ? 'stored' : 'missing';
    if (marker) word = marker;
  } else {
    // The body's recording: the one whose transcript holds the hostile text, or the one left pending.
    const hostileText = kind === 'control-chars' ? 'Mallory' : kind === 'huge-transcript' ? 'twelve' : null;
    ids = hostileText ? await query<string>(r.db, 'SELECT r.id FROM recordings r JOIN transcript_segments s ON s.recording_key = r.key WHERE s.text LIKE ? GROUP BY r.id', `%${hostileText}%`) : [];
    const readyFirst = (await query<string>(r.db, "SELECT id FROM recordings WHERE transcript_status = 'ready'")).length;
    handling = ids.length > 0 ? 'stored' : readyFirst === ready.size - 1 ? 'rejected' : readyFirst === ready.size ? 'stored' : 'missing';
    if (hostileText) word = hostileText;
  }
  const rawOnTerminal = await terminalChecks(r, ids, word);

  // A normal sync later (cron): a rejected record or body is read again and stored.
  const normal = await r.sync(ARGS, { now: () => new Date(ANCHOR + 2 * HOUR) });
  const stored = new Set(await query<string>(r.db, 'SELECT id FROM recordings'));
  const readyAfter = new Set(await query<string>(r.db, "SELECT id FROM recordings WHERE transcript_status = 'ready'"));
  const lost = truth.filter((id) => !stored.has(id)).length;
  const transcriptsLost = [...ready].filter((id) => !readyAfter.has(id)).length;
  const integrity = integrityAfterHostile && (await soundDatabase(r.db));
  return {
    payload,
    syncExit: first.exitCode,
    handling,
    lost,
    transcriptsLost,
    integrity,
    stackTrace,
    rawOnTerminal,
    passed: first.exitCode === 0 && normal.exitCode === 0 && handling !== 'missing' && lost === 0 && transcriptsLost === 0 && integrity && !stackTrace && rawOnTerminal.length === 0,
  };
}
