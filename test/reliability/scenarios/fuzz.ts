import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { isPostgresUrl } from '../../../src/util/database-url.js';
import { allRows, seedArchive } from '../../helpers/backends.js';
import { type CliResult, cli } from '../../helpers/run-cli.js';
import { isolatedEnv } from '../../helpers/temp-dir.js';
import type { SeedRecording } from '../../helpers/seed.js';
import { type Lab, databasePath } from './harness.js';

/**
 * Fuzzing with fast-check: arguments of every command, FTS queries, dates, phone numbers and config
 * files, against an archive on either backend (on PostgreSQL the FTS5 syntax becomes a tsquery).
 * Each input must end with a documented exit code, no stack trace, a one-line `recordings: …`
 * message when it fails, and the archive as it was when it fails.
 */
export interface FuzzFinding {
  property: string;
  input: string;
  problem: string;
}

export interface FuzzReport {
  /** Inputs tried per property. */
  inputs: Record<string, number>;
  total: number;
  /** How the inputs ended, by exit code: a fuzzer whose inputs all fail at parsing tests little. */
  exits: Record<string, number>;
  findings: FuzzFinding[];
}

const STACK = /\n\s+at .+[:(]/;

/** Values that have broken parsers before: empty, huge, signs, exponents, SQL, FTS syntax, odd unicode. */
export const NASTY = [
  '', ' ', '-', '--', '-1', '0', '00', '1e309', 'NaN', 'Infinity', '9'.repeat(400), '1.5', '0x10', '٣',
  "'; DROP TABLE recordings;--", '"', "'", '*', '"unterminated', 'NEAR(a b', 'AND', 'OR NOT', '^x', 'a:b', '{a}', '(', ')',
  '\u0000', '\u001b[31m', '\u202e', '\uffff', '\ud800', '😀', 'é', 'İ', '%s%n', '../..', '/', '~',
  '2026-02-30', '2026-13-01', '2026-11-01T25:00:00Z', '1970-01-01', '0000-01-01', '9999-12-31T23:59:59Z', '+275760-09-13',
  '-5d', '0d', '1e3d', '99999999999d', 'P1D', 'now', 'today', '36h', '90m', '1.5h', '7d ago', '2026-11-01T08:00:00+14:00',
  '+1 (415) 555-0100', '4155550100', '0100', '+', '+++', '555', '١٢٣٤٥٦', '+44 20 7946 0958', 'tel:+14155550100', '1'.repeat(40),
];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

interface CommandSpec {
  name: string;
  /** Positional argument: none, an id, or a file name inside the sandbox. */
  positional?: 'id' | 'file';
  flags: string[];
  valued: string[];
  /** Exit codes the contract allows for this command (docs/cli.md, "Output and exit codes"). */
  exits: number[];
}

const FILTERS = ['--text', '--phone', '--from', '--to', '--direction', '--status', '--sentiment', '--topic', '--limit', '--offset', '--sort', '--format'];
const COMMANDS: CommandSpec[] = [
  { name: 'search', flags: ['--json', '--csv', '--has-transcript', '--no-transcript'], valued: FILTERS, exits: [0, 2] },
  { name: 'export', flags: ['--bom', '--has-transcript', '--no-transcript'], valued: FILTERS, exits: [0, 2] },
  { name: 'get', positional: 'id', flags: ['--json'], valued: [], exits: [0, 2, 4] },
  { name: 'stats', flags: ['--json'], valued: ['--from', '--to'], exits: [0, 2] },
  // --max-age: exit 1 when the last sync is older (a monitoring answer, not a failure).
  { name: 'status', flags: ['--json'], valued: ['--max-age'], exits: [0, 1, 2] },
  { name: 'prune', flags: ['--dry-run'], valued: ['--older-than'], exits: [0, 2] },
  { name: 'hold', positional: 'id', flags: ['--release'], valued: ['--reason'], exits: [0, 2, 4] },
  { name: 'audit', flags: ['--json'], valued: [], exits: [0, 2] },
  { name: 'backup', positional: 'file', flags: [], valued: [], exits: [0, 2] },
  // No credentials in the sandbox: sync and stream stop at the configuration (2) or the id (4).
  { name: 'sync', flags: ['--full', '--no-transcripts', '--retry', '--audio', '--json'], valued: ['--since', '--until'], exits: [2] },
  { name: 'stream', positional: 'id', flags: [], valued: [], exits: [2, 4] },
  // doctor: 3 for missing credentials (docs/cli.md, "Operations").
  { name: 'doctor', flags: ['--json'], valued: [], exits: [2, 3] },
];
const GLOBAL_FLAGS = ['--quiet', '--verbose', '--no-color'];

export interface Sandbox {
  dir: string;
  db: string;
  env: Record<string, string | undefined>;
  ids: string[];
}

/** A seeded archive in a folder of its own; no credentials, no audio player on PATH. */
export async function sandbox(lab: Lab): Promise<Sandbox> {
  const dir = lab.dir();
  const db = databasePath(dir);
  mkdirSync(join(dir, 'data'), { recursive: true, mode: 0o700 });
  const seeds: SeedRecording[] = Array.from({ length: 30 }, (_, i) => ({
    id: String(2_700_000_000 + i),
    startTime: new Date(Date.parse('2026-11-01T08:00:00Z') + i * 3_600_000 * 13).toISOString(),
    direction: i % 2 ? 'Outbound' : 'Inbound',
    from: { phoneNumber: `+1415555${String(100 + i).padStart(4, '0')}`, name: `Caller ${i} Renée` },
    lines: i % 3 ? [`Host: Harbor Grill, how can I help?`, `Guest: a reservation for ${i} people, catering maybe`] : undefined,
    insights: i % 3 ? { summary: `Reservation number ${i}`, sentiment: 'Positive', topics: ['reservation'] } : undefined,
  }));
  await seedArchive(db, seeds);
  const env = isolatedEnv(dir, { RECORDINGS_DB: db, PATH: '/nonexistent', NO_COLOR: '1' });
  return { dir, db, env, ids: seeds.map((s) => s.id) };
}

/** Every row of every table: a failed command must leave this exactly as it was. */
export async function fingerprint(db: string): Promise<string> {
  return JSON.stringify(await allRows(db));
}

interface Fingerprints {
  take(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Fingerprints of one archive, taken after every input: on PostgreSQL over one connection kept open,
 * each table's rows digested by the server in one round trip (a new connection per input would cost
 * more than the command itself).
 */
async function fingerprints(db: string): Promise<Fingerprints> {
  if (!isPostgresUrl(db)) return { take: () => fingerprint(db), close: async () => {} };
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  return {
    async take() {
      const tables = (await client.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename')).rows;
      const digests = tables.map(({ name }) => `SELECT '${name}' AS name, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS rows FROM "${name}" t`);
      return JSON.stringify((await client.query(digests.join(' UNION ALL '))).rows);
    },
    close: () => client.end(),
  };
}

/** What every run must satisfy; a string names the breach. */
function breach(result: CliResult, exits: number[], before: string, after: string): string | null {
  if (!exits.includes(result.exitCode)) return `exit ${result.exitCode} (allowed: ${exits.join(', ')}): ${result.stderr.split('\n')[0]?.slice(0, 200)}`;
  if (STACK.test(result.stderr) || STACK.test(result.stdout)) return 'a stack trace was printed';
  if (result.exitCode !== 0 && result.exitCode !== 1 && !/^recordings: \S/.test(result.stderr) && result.stderr !== '') return `the error is not one "recordings: …" line: ${result.stderr.slice(0, 120)}`;
  if (result.exitCode !== 0 && before !== after) return 'the database changed although the command failed';
  return null;
}

function argvArbitrary(box: Sandbox): fc.Arbitrary<string[]> {
  return fc.constantFrom(...COMMANDS).chain((spec) => {
    const option = fc.oneof(
      fc.constantFrom(...spec.flags, ...GLOBAL_FLAGS).map((flag) => [flag]),
      spec.valued.length > 0 ? fc.tuple(fc.constantFrom(...spec.valued), text).map(([flag, value]) => [flag, value]) : fc.constant(['--json']),
      // The value glued with '=' and stray tokens, as typos produce them.
      spec.valued.length > 0 ? fc.tuple(fc.constantFrom(...spec.valued), text).map(([flag, value]) => [`${flag}=${value}`]) : fc.constant([]),
      text.map((token) => [token]),
    );
    const positional =
      spec.positional === 'id'
        ? fc.oneof(fc.constantFrom(...box.ids), text).map((id) => [id])
        : spec.positional === 'file'
          ? text.map((name) => [join(box.dir, 'backups', name.replace(/[/\u0000]/g, '_'))])
          : fc.constant<string[]>([]);
    return fc.tuple(positional, fc.array(option, { maxLength: 5 })).map(([first, rest]) => [spec.name, ...first, ...rest.flat()]);
  });
}

function exitsOf(argv: string[]): number[] {
  return COMMANDS.find((spec) => spec.name === argv[0])!.exits;
}

/** A config file of the right shape with wrong types, unknown keys or huge values mixed in. */
const configArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.record(
    {
      database: fc.oneof(fc.constant(42), fc.constant(''), fc.constant('x'.repeat(100_000)), fc.constant(null)),
      sync: fc.record(
        {
          since: fc.oneof(text, fc.integer(), fc.constant(true)),
          maxRetries: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(1e308)),
          requestTimeout: text,
          surprise: fc.anything({ maxDepth: 2 }),
        },
        { requiredKeys: [] },
      ),
      retention: fc.record({ days: fc.oneof(fc.integer(), fc.constant(0), fc.constant(-1), fc.constant(1e12), text) }, { requiredKeys: [] }),
      phone: fc.record({ defaultRegion: text }, { requiredKeys: [] }),
      topics: fc.oneof(fc.dictionary(text, fc.array(text, { maxLength: 3 })), fc.constant({ huge: ['k'.repeat(1_000_000)] })),
      unknownKey: fc.anything({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  ),
);

export async function runFuzz(lab: Lab, options: { runs: number; seed: number }): Promise<FuzzReport> {
  const box = await sandbox(lab);
  const report: FuzzReport = { inputs: {}, total: 0, exits: {}, findings: [] };
  const count = (result: CliResult) => {
    report.exits[result.exitCode] = (report.exits[result.exitCode] ?? 0) + 1;
    return result;
  };
  const property = async <T>(name: string, arbitrary: fc.Arbitrary<T>, runs: number, check: (value: T) => Promise<string | null>) => {
    let tried = 0;
    const details = await fc.check(
      fc.asyncProperty(arbitrary, async (value) => {
        tried++;
        const problem = await check(value);
        if (problem) throw new Error(problem);
      }),
      { numRuns: runs, seed: options.seed, endOnFailure: true },
    );
    report.inputs[name] = tried;
    report.total += tried;
    if (details.failed) {
      report.findings.push({ property: name, input: JSON.stringify(details.counterexample), problem: 'errorInstance' in details ? String((details.errorInstance as Error).message) : 'the run was interrupted' });
    }
  };
  // What the archive holds before each input: what the previous one left (commands that succeed may write).
  const prints = await fingerprints(box.db);
  let current = await prints.take();
  const judged = async (result: CliResult, exits: number[]) => {
    const after = await prints.take();
    const problem = breach(count(result), exits, current, after);
    current = after;
    return problem;
  };
  const run = async (argv: string[], exits: number[]) => judged(await cli(argv, box.env), exits);

  try {
    await property('command lines of every command', argvArbitrary(box), options.runs * 4, (argv) => run(argv, exitsOf(argv)));
    await property('FTS queries (search --text)', text, options.runs, async (query) => {
      const result = await cli(['search', '--text', query, '--json'], box.env);
      // A blank query is a usage error (exit 2, "--text is empty"); any other text is searched.
      const problem = await judged(result, query.trim() ? [0] : [2]);
      if (problem || result.exitCode !== 0) return problem;
      try {
        JSON.parse(result.stdout);
      } catch {
        return 'search --json printed something that is not JSON';
      }
      return null;
    });
    await property('dates (--from, --to, --since, --until)', fc.tuple(fc.constantFrom('search --from', 'stats --to', 'export --from', 'sync --since', 'sync --until'), text), options.runs, ([where, value]) => {
      const [command, flag] = where.split(' ') as [string, string];
      return run([command, flag, value], command === 'sync' ? [2] : [0, 2]);
    });
    await property(
      'phone numbers (search --phone)',
      fc.oneof(text, fc.stringMatching(/^\+?[0-9 ().-]{0,20}$/)),
      options.runs,
      (phone) => run(['search', '--phone', phone], [0, 2]),
    );
    let configs = 0;
    await property('config files (wrong types, unknown keys, huge values)', configArbitrary, Math.max(10, Math.round(options.runs / 2)), async (config) => {
      const file = join(box.dir, `config-${configs++}.json`);
      writeFileSync(file, JSON.stringify(config) ?? 'undefined', { mode: 0o600 });
      return run(['--config', file, 'stats', '--json'], [0, 2]);
    });
  } finally {
    await prints.close();
  }
  return report;
}
