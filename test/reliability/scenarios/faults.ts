import { currentBackend, queryRows, queryValue } from '../../helpers/backends.js';
import type { Backend } from '../../../src/db/store.js';
import type { SimulatorOptions } from '../../../src/simulator/index.js';
import type { CliResult } from '../../helpers/run-cli.js';
import {
  ANCHOR,
  CALL_LOG_PATH,
  type Comparable,
  HOUR,
  INSIGHTS_PREFIX,
  type Lab,
  MINUTE,
  type Rig,
  TOKEN_PATH,
  comparable,
  iso,
  judge,
  rig,
} from './harness.js';
import { terminateDuringWrite } from './postgres-faults.js';

/** The fault matrix: each fault against the simulator (or the database server), then one normal sync. */
export interface FaultCase {
  name: string;
  simulator?: SimulatorOptions;
  config?: Record<string, unknown>;
  /** Every sync of the case (the undisturbed side runs the same list, without the fault). */
  runs?: { args: string[]; now: number }[];
  /** Sets the fault up and runs the disturbed sync(s); returns the one whose exit code is reported. */
  disturb(r: Rig, runs: { args: string[]; now: number }[]): Promise<CliResult>;
  /** The simulator's clock runs in real time from ANCHOR (the request log's times then measure waits). */
  runningClock?: boolean;
  /**
   * When the normal sync runs, after the last run of the case (default 2 h: a cron run later; a
   * transcript that met a fault waits out its backoff, it is not lost). 0 for the clock cases.
   */
  recoveryAfterMs?: number;
  /** Exit codes the disturbed run may end with (docs/cli.md, "Output and exit codes": 0, or 1/3/75 with one clear line). */
  allowedExits: number[];
  /** Extra checks of the case; a string names what went wrong. */
  check?(r: Rig, result: CliResult): string | null | Promise<string | null>;
  /** Simulator options of the disturbed side only (a behaviour rather than a fault injected at run time). */
  disturbedSimulator?: SimulatorOptions;
  /** Undoes what `disturb` changed beyond the faults (which are cleared anyway) before the normal sync. */
  restore?(r: Rig): void;
  /** The backends the fault exists on (a fault of the PostgreSQL server only there); every backend by default. */
  backends?: readonly Backend[];
}

export interface FaultResult {
  name: string;
  exitCode: number;
  /** The disturbed run's one-line outcome. */
  outcome: string;
  /** Recordings of the undisturbed run missing after the disturbed run and one normal sync. */
  lost: number;
  identical: boolean;
  integrity: boolean;
  stackTrace: boolean;
  problem: string | null;
  passed: boolean;
}

const WINDOW = ['--since', iso(ANCHOR - 5 * HOUR), '--until', iso(ANCHOR - HOUR)];
const ARGS = ['sync', ...WINDOW, '--json'];
/** RingSense 403s mark transcripts not_licensed until `--retry`: these cases run with it on both sides. */
const RETRY_ARGS = [...ARGS, '--retry'];
const RINGSENSE_REQUESTS_AT_ONCE = 4;
const SIMULATOR: SimulatorOptions = { seed: 41, calls: 500 };
const STACK = /\n\s+at .+:\d+/;

export function faultCases(stormRetryAfterSeconds: number): FaultCase[] {
  const once = (args = ARGS) => [{ args, now: ANCHOR }];
  // The two-stage side's simulator clock moves on with the normal sync, so the full analysis is in by then.
  let twoStageNow = ANCHOR;
  const cases: FaultCase[] = [
    {
      name: `429 storm, Retry-After ${stormRetryAfterSeconds} s (call log)`,
      disturb: async (r) => {
        r.sim.faults.failNext(2, { status: 429, retryAfterSeconds: stormRetryAfterSeconds, pathPrefix: CALL_LOG_PATH });
        return r.sync(ARGS);
      },
      allowedExits: [0],
      runningClock: true,
      check: (r) => {
        const calls = r.sim.requests.filter((q) => q.path === CALL_LOG_PATH);
        for (let i = 1; i < calls.length; i++) {
          if (calls[i - 1]!.status === 429 && calls[i]!.at - calls[i - 1]!.at < stormRetryAfterSeconds * 1000 - 50) return 'a request was sent before Retry-After had passed';
        }
        return calls.filter((q) => q.status === 429).length === 2 ? null : 'the storm did not reach the sync';
      },
    },
    {
      name: '429 storm outlasting the retry budget',
      config: { sync: { maxRetries: 2 } },
      disturb: async (r) => {
        r.sim.faults.failNext(20, { status: 429, retryAfterSeconds: 1, pathPrefix: CALL_LOG_PATH });
        return r.sync(ARGS);
      },
      allowedExits: [75],
    },
    {
      name: '5xx bursts (503 call log, 502/504 RingSense)',
      disturb: async (r) => {
        r.sim.faults.failNext(2, { status: 503, pathPrefix: CALL_LOG_PATH });
        r.sim.faults.failNext(2, { status: 502, pathPrefix: INSIGHTS_PREFIX });
        r.sim.faults.failNext(2, { status: 504, pathPrefix: INSIGHTS_PREFIX });
        return r.sync(ARGS);
      },
      allowedExits: [0],
    },
    {
      name: '5xx on 15 % of all requests',
      disturb: async (r) => {
        r.sim.faults.errorRate(0.15, { status: 500 });
        return r.sync(ARGS);
      },
      allowedExits: [0, 75],
    },
    {
      name: '5xx outage outlasting the retry budget',
      config: { sync: { maxRetries: 1 } },
      disturb: async (r) => {
        r.sim.faults.errorRate(1, { status: 503, pathPrefix: '/restapi/v1.0' });
        return r.sync(ARGS);
      },
      allowedExits: [75],
    },
    {
      name: 'slow answers beyond the request timeout',
      config: { sync: { requestTimeout: '300ms', maxRetries: 1 } },
      disturb: async (r) => {
        r.sim.faults.delay(800, { pathPrefix: CALL_LOG_PATH });
        return r.sync(ARGS);
      },
      allowedExits: [75],
    },
    {
      name: 'RingSense slower than the timeout, call log fine',
      config: { sync: { requestTimeout: '300ms', maxRetries: 1 } },
      disturb: async (r) => {
        r.sim.faults.delay(800, { pathPrefix: INSIGHTS_PREFIX });
        return r.sync(ARGS);
      },
      allowedExits: [75],
    },
    {
      name: 'connections dropped before headers, after headers, mid-body',
      disturb: async (r) => {
        r.sim.faults.dropNext(1, { pathPrefix: CALL_LOG_PATH, at: 'mid-body' });
        r.sim.faults.dropNext(1, { pathPrefix: CALL_LOG_PATH, at: 'before-headers' });
        r.sim.faults.dropNext(2, { pathPrefix: INSIGHTS_PREFIX, at: 'after-headers' });
        r.sim.faults.dropNext(2, { pathPrefix: INSIGHTS_PREFIX, at: 'mid-body' });
        return r.sync(ARGS);
      },
      allowedExits: [0],
    },
    {
      name: 'malformed JSON, once (call log and RingSense)',
      disturb: async (r) => {
        r.sim.faults.malformNext(1, { pathPrefix: CALL_LOG_PATH });
        r.sim.faults.malformNext(3, { pathPrefix: INSIGHTS_PREFIX });
        return r.sync(ARGS);
      },
      allowedExits: [0],
    },
    {
      name: 'malformed JSON, every time',
      config: { sync: { maxRetries: 1 } },
      disturb: async (r) => {
        r.sim.faults.malformNext(50, { pathPrefix: CALL_LOG_PATH });
        return r.sync(ARGS);
      },
      allowedExits: [1],
    },
    ...(['startTime-number', 'recording-id-missing'] as const).map(
      (kind): FaultCase => ({
        name: `schema-violating call-log record (${kind})`,
        disturb: async (r) => {
          r.sim.faults.invalidRecordNext(1, kind);
          return r.sync(ARGS);
        },
        allowedExits: [0],
        check: (_, result) => (/"invalid":1/.test(result.stdout) ? null : 'the invalid record was not counted'),
      }),
    ),
    {
      name: 'access token expires mid-run (refreshed)',
      disturb: async (r) =>
        r.sync(ARGS, {
          onStderrLine: (line) => {
            if (/call log page 1:|fetching \d+ due transcripts/.test(line)) r.sim.expireAccessTokens();
          },
        }),
      allowedExits: [0],
      check: (r) => (r.sim.requests.some((q) => q.status === 401) ? null : 'no request met the expired token'),
    },
    {
      name: 'refresh token expired too (refresh fails)',
      disturb: async (r) =>
        r.sync(ARGS, {
          onStderrLine: (line) => {
            if (/call log page 1:/.test(line)) {
              r.sim.expireRefreshTokens();
              r.sim.expireAccessTokens();
            }
          },
        }),
      allowedExits: [0, 3],
    },
    {
      name: 'token endpoint down (503 on every login)',
      config: { sync: { maxRetries: 1 } },
      disturb: async (r) => {
        r.sim.faults.failNext(50, { status: 503, pathPrefix: TOKEN_PATH });
        return r.sync(ARGS);
      },
      allowedExits: [75],
    },
    {
      name: 'RingSense route moved (404 AGW-404): stops asking, exit 1',
      disturb: async (r) => {
        r.sim.setRingSense({ routeMoved: true });
        return r.sync(ARGS);
      },
      restore: (r) => r.sim.setRingSense({ routeMoved: false }),
      allowedExits: [1],
      check: (r, result) => {
        const asked = r.sim.requests.filter((q) => q.path.startsWith(INSIGHTS_PREFIX)).length;
        if (asked > RINGSENSE_REQUESTS_AT_ONCE) return `${asked} RingSense requests after the route was gone`;
        return /"status":"error"/.test(result.stdout) && /RingSense endpoint was not found/.test(result.stderr) ? null : 'the run did not end as an error naming the endpoint';
      },
    },
    ...(
      [
        ['403 RAH-3005 (no insights permission)', { userPermission: false }, { userPermission: true }],
        ['403 CMN-401 (no RingSense scope)', { scope: false }, { scope: true }],
      ] as const
    ).map(
      ([name, refuse, allow]): FaultCase => ({
        name: `RingSense ${name}, then sync --retry`,
        runs: once(RETRY_ARGS),
        disturb: async (r) => {
          r.sim.setRingSense(refuse);
          return r.sync(RETRY_ARGS);
        },
        restore: (r) => r.sim.setRingSense(allow),
        allowedExits: [0],
        check: (r, result) => {
          const asked = r.sim.requests.filter((q) => q.path.startsWith(INSIGHTS_PREFIX)).length;
          if (asked > RINGSENSE_REQUESTS_AT_ONCE) return `${asked} RingSense requests after the first 403`;
          return /RingSense refused \(403\)/.test(result.stderr) ? null : 'the refusal was not reported';
        },
      }),
    ),
    {
      name: 'insights in two stages (AI Notes, then the full analysis)',
      disturbedSimulator: { twoStageShare: 1, fullAnalysisDelaySeconds: 3600, now: () => twoStageNow },
      allowedExits: [0],
      disturb: async (r) => {
        twoStageNow = ANCHOR;
        return r.sync(ARGS);
      },
      restore: () => {
        twoStageNow = ANCHOR + 2 * HOUR;
      },
      check: async (r) => {
        const notes = await queryCount(r.db, "SELECT count(*) FROM recordings WHERE transcript_status = 'pending' AND summary IS NOT NULL AND transcript IS NULL");
        return notes > 0 ? null : 'no recording was left with AI Notes only';
      },
    },
    {
      name: 'no refresh tokens (a new app), access tokens living 2 s: one JWT login per lifetime',
      simulator: { issueRefreshTokens: false, accessTokenTtlSeconds: 2 },
      runningClock: true,
      recoveryAfterMs: 0,
      disturb: async (r) => {
        const started = Date.now();
        let result = await r.sync(ARGS);
        while (result.exitCode === 0 && Date.now() - started < 6_000) result = await r.sync(ARGS);
        return result;
      },
      allowedExits: [0],
      check: (r) => renewalProblem(r, 2_000, 'jwt'),
    },
    {
      name: '401 OAU-213 during transcripts (session rotated out): refused refresh, one login',
      disturb: async (r) => {
        r.sim.faults.rejectTokenNext(1, { code: 'OAU-213', pathPrefix: INSIGHTS_PREFIX });
        return r.sync(ARGS);
      },
      allowedExits: [0],
      check: (r) => expectGrants(r, ['jwt 200', 'refresh_token 400 OAU-213', 'jwt 200']),
    },
    {
      name: '401 OAU-129 on 3 % of requests (seeded), no refresh tokens',
      simulator: { issueRefreshTokens: false },
      disturb: async (r) => {
        r.sim.faults.rejectTokenRate(0.03, { code: 'OAU-129' });
        return r.sync(ARGS);
      },
      // A request whose retry is rejected again stops the run with exit 3 (renewed once, as asked).
      allowedExits: [0, 3],
      check: (r) => {
        const rejected = r.sim.requests.filter((q) => q.status === 401);
        if (rejected.length === 0) return 'no request met a rejected token';
        return loginsWithoutRejection(r) ?? null;
      },
    },
    ...(['OAU-210', 'OAU-211', 'OAU-213'] as const).map(
      (code): FaultCase => ({
        name: `refresh refused (400 invalid_grant ${code}): one JWT login`,
        runs: [
          { args: ARGS, now: ANCHOR },
          { args: ARGS, now: ANCHOR },
        ],
        disturb: async (r) => {
          const first = await r.sync(ARGS);
          if (first.exitCode !== 0) return first;
          r.sim.faults.refuseRefreshNext(1, code);
          r.sim.expireAccessTokens();
          return r.sync(ARGS);
        },
        allowedExits: [0],
        check: (r) => expectGrants(r, ['jwt 200', `refresh_token 400 ${code}`, 'jwt 200']),
      }),
    ),
    {
      name: 'app refused (401 invalid_client OAU-146): exit 3, no login after the refused refresh',
      runs: [
        { args: ARGS, now: ANCHOR },
        { args: ARGS, now: ANCHOR },
      ],
      disturb: async (r) => {
        const first = await r.sync(ARGS);
        if (first.exitCode !== 0) return first;
        r.sim.refuseClient('OAU-146');
        r.sim.expireAccessTokens();
        return r.sync(ARGS);
      },
      restore: (r) => r.sim.refuseClient(null),
      allowedExits: [3],
      check: (r, result) =>
        /^recordings: RingCentral refused the credentials \(HTTP 401, OAU-146\)/m.test(result.stderr)
          ? expectGrants(r, ['jwt 200', 'refresh_token 401 OAU-146'])
          : 'the refusal and its code were not reported',
    },
    {
      name: '503 CMN-201 with Retry-After 1 s (call log twice, 5 % of RingSense)',
      runningClock: true,
      disturb: async (r) => {
        r.sim.faults.failNext(2, { status: 503, retryAfterSeconds: 1, pathPrefix: CALL_LOG_PATH });
        r.sim.faults.errorRate(0.05, { status: 503, retryAfterSeconds: 1, pathPrefix: INSIGHTS_PREFIX });
        return r.sync(ARGS);
      },
      allowedExits: [0],
      check: (r) => waitedAfterRefusals(r, CALL_LOG_PATH, 503, 1_000) ?? waitedAfterRefusals(r, INSIGHTS_PREFIX, 503, 1_000),
    },
    {
      name: 'RingSense throttled to 10 a second, Retry-After 1 s',
      runningClock: true,
      disturb: async (r) => {
        // Low enough that a sync on a busy machine still runs into it.
        r.sim.throttleRingSense({ limit: 10, windowSeconds: 1, retryAfterSeconds: 1 });
        return r.sync(ARGS);
      },
      restore: (r) => r.sim.throttleRingSense(null),
      allowedExits: [0],
      check: (r) =>
        r.sim.requests.some((q) => q.status === 429) ? waitedAfterRefusals(r, INSIGHTS_PREFIX, 429, 1_000) : 'the throttle did not reach the sync',
    },
    {
      name: 'clock jumps back 3 h (checkpoint in the future)',
      recoveryAfterMs: 0,
      config: { sync: { since: '6h' } },
      runs: [{ args: ['sync', '--json'], now: ANCHOR }],
      disturb: async (r) => {
        const first = await r.sync(['sync', '--json']);
        if (first.exitCode !== 0) return first;
        const before = await checkpointOf(r.db);
        const jumped = await r.sync(['sync', '--json'], { now: () => new Date(ANCHOR - 3 * HOUR) });
        const after = await checkpointOf(r.db);
        if (jumped.exitCode === 0 && after !== before) return { ...jumped, exitCode: -1, stderr: `the checkpoint moved from ${before} to ${after}` };
        return jumped;
      },
      allowedExits: [0],
    },
    {
      name: 'clock jumps forward 2 h',
      recoveryAfterMs: 0,
      config: { sync: { since: '6h' } },
      runs: [
        { args: ['sync', '--json'], now: ANCHOR - 4 * HOUR },
        { args: ['sync', '--json'], now: ANCHOR + 2 * HOUR },
      ],
      disturb: async (r) => {
        const first = await r.sync(['sync', '--json'], { now: () => new Date(ANCHOR - 4 * HOUR) });
        if (first.exitCode !== 0) return first;
        // The clock is back to normal for the next run (ANCHOR): the jump happened between the two.
        return r.sync(['sync', '--json'], { now: () => new Date(ANCHOR + 2 * HOUR) });
      },
      allowedExits: [0],
      check: async (r) => {
        // Every recording of the account up to the simulator's present was read, none twice.
        const truth = [...r.sim.account.recordingIds(ANCHOR - 10 * HOUR, ANCHOR - MINUTE)];
        const stored = new Set(await idsOf(r.db));
        const missing = truth.filter((id) => !stored.has(id));
        return missing.length === 0 ? null : `${missing.length} recordings of the window were not read`;
      },
    },
    ...(
      [
        ['recordings', 'a call-log page'],
        ['transcript_segments', 'a transcript'],
      ] as const
    ).map(([table, what]): FaultCase => {
      let terminated: string | null = null;
      return {
        name: `PostgreSQL connection ended by the server while writing ${what} (pg_terminate_backend): exit 75`,
        backends: ['postgres'],
        disturb: async (r) => {
          const run = await terminateDuringWrite(r.db, table, () => r.sync(ARGS));
          terminated = run.terminated;
          return run.result;
        },
        allowedExits: [75],
        check: (r, result) => {
          // The statement may write the table inside a WITH (a transcript's old segments go with the recording's update).
          if (!terminated || !new RegExp(`\\b(insert into|update|delete from) "${table}"`, 'i').test(terminated)) return `the connection was not ended inside a write to ${table} (${terminated})`;
          const password = decodeURIComponent(new URL(r.db).password);
          if ((result.stdout + result.stderr).includes(password)) return 'the password was shown';
          return /^recordings: the PostgreSQL server at postgres:\/\/postgres:\*\*\*@\S+ is not available: .+\ntry again later/m.test(result.stderr)
            ? null
            : `the run did not say the server was gone: ${result.stderr.slice(-300)}`;
        },
      };
    }),
  ];
  return cases.map((c) => ({ runs: once(), ...c }));
}

/** The cases of the matrix that exist on `backend`. */
export function faultCasesOn(backend: Backend, stormRetryAfterSeconds: number): FaultCase[] {
  return faultCases(stormRetryAfterSeconds).filter((c) => !c.backends || c.backends.includes(backend));
}

/**
 * Undisturbed runs, by what they depend on: one serves every case that needs the same one, in this
 * process, on either backend (an undisturbed sync stores the same on a SQLite file and on PostgreSQL,
 * value for value: judge() compares them column by column, whatever order each table has them in).
 */
const references = new Map<string, Comparable>();

/**
 * Limits on retrying and waiting change how a disturbed run ends, never what an undisturbed one
 * stores: the reference runs without them (and so never meets a timeout on a loaded machine).
 */
function undisturbedConfig(config: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const { sync, ...rest } = (config ?? {}) as { sync?: Record<string, unknown> };
  const { maxRetries: _retries, requestTimeout: _timeout, ...syncKept } = sync ?? {};
  const kept = Object.keys(syncKept).length > 0 ? { ...rest, sync: syncKept } : rest;
  return Object.keys(kept).length > 0 ? kept : undefined;
}

export async function runFaultMatrix(lab: Lab, cases: FaultCase[]): Promise<FaultResult[]> {
  const results: FaultResult[] = [];
  for (const c of cases) {
    if (c.backends && !c.backends.includes(currentBackend())) throw new Error(`"${c.name}" is a fault of ${c.backends.join(', ')} only`);
    const runs = c.runs!;
    const simulator = { ...SIMULATOR, ...c.simulator };
    const referenceConfig = undisturbedConfig(c.config);
    const key = JSON.stringify([simulator, referenceConfig ?? {}, runs, c.runningClock === true]);
    // The account is generated at the first reading of the clock (ANCHOR); only then does it run.
    const clocked = (extra: SimulatorOptions = {}): SimulatorOptions => {
      let started: number | null = null;
      const now = () => {
        if (started === null) {
          started = Date.now();
          return ANCHOR;
        }
        return ANCHOR + Date.now() - started;
      };
      return c.runningClock ? { ...simulator, ...extra, now } : { ...simulator, ...extra };
    };
    let reference = references.get(key);
    if (!reference) {
      const side = await rig(lab, clocked(), referenceConfig);
      for (const run of runs) {
        const result = await side.sync(run.args, { now: () => new Date(run.now) });
        if (result.exitCode !== 0) throw new Error(`undisturbed run of "${c.name}" failed: ${result.stderr}`);
      }
      reference = await comparable(side.db, side.env);
      references.set(key, reference);
    }

    const disturbed = await rig(lab, clocked(c.disturbedSimulator), c.config);
    const result = await c.disturb(disturbed, runs);
    const stackTrace = STACK.test(result.stderr);
    let problem = result.exitCode === -1 ? result.stderr : ((await c.check?.(disturbed, result)) ?? null);
    disturbed.sim.faults.clear();
    c.restore?.(disturbed);
    const last = runs.at(-1)!;
    const recovery = await disturbed.sync(last.args, { now: () => new Date(last.now + (c.recoveryAfterMs ?? 2 * HOUR)) });
    if (recovery.exitCode !== 0) problem ??= `the normal sync after the fault failed (${recovery.exitCode}): ${recovery.stderr.slice(0, 300)}`;
    const verdict = await judge(disturbed.db, disturbed.env, reference);
    problem ??= verdict.difference;
    results.push({
      name: c.name,
      exitCode: result.exitCode,
      outcome: outcomeOf(result),
      lost: verdict.lost.length,
      identical: verdict.identical,
      integrity: verdict.integrity,
      stackTrace,
      problem,
      passed: c.allowedExits.includes(result.exitCode) && !stackTrace && verdict.identical && verdict.integrity && verdict.lost.length === 0 && problem === null,
    });
  }
  return results;
}

function outcomeOf(result: CliResult): string {
  if (result.exitCode === 0) {
    const summary = JSON.parse(result.stdout) as { recordings: { seen: number; invalid: number }; transcripts: { fetched: number } };
    const invalid = summary.recordings.invalid ? `, ${summary.recordings.invalid} invalid skipped` : '';
    return `completed: ${summary.recordings.seen} recordings, ${summary.transcripts.fetched} transcripts${invalid}`;
  }
  const line = result.stderr.split('\n').find((l) => l.startsWith('recordings: ')) ?? result.stderr.split('\n')[0] ?? '';
  return `stopped: ${line.replace(/^recordings: /, '').slice(0, 90)}`;
}

/** The token requests of the run, as `grant status [errorCode]`, compared with what was expected. */
function expectGrants(r: Rig, expected: string[]): string | null {
  const grants = r.sim.requests.filter((q) => q.path === TOKEN_PATH).map((q) => `${q.grantType} ${q.status}${q.errorCode ? ` ${q.errorCode}` : ''}`);
  return JSON.stringify(grants) === JSON.stringify(expected) ? null : `token requests ${JSON.stringify(grants)}, expected ${JSON.stringify(expected)}`;
}

/** Every renewal after the first came after a 401 (one renewal per rejected token, no spare logins). */
function loginsWithoutRejection(r: Rig): string | null {
  const grants = r.sim.requests.filter((q) => q.path === TOKEN_PATH);
  for (let i = 1; i < grants.length; i++) {
    const rejected = r.sim.requests.some((q) => q.status === 401 && q.path !== TOKEN_PATH && q.at >= grants[i - 1]!.at && q.at <= grants[i]!.at);
    if (!rejected) return `token request ${i} came without a rejected token before it`;
  }
  return null;
}

/**
 * Renewals only of the `grant` kind, answered 200, at least 0.9 lifetimes apart unless a 401 came
 * in between (a request that arrived after its token expired).
 */
function renewalProblem(r: Rig, lifetimeMs: number, grant: string): string | null {
  const grants = r.sim.requests.filter((q) => q.path === TOKEN_PATH);
  if (grants.length < 2) return 'the runs never crossed an access-token expiry';
  const wrong = grants.find((q) => q.grantType !== grant || q.status !== 200);
  if (wrong) return `a ${wrong.grantType} token request answered ${wrong.status}`;
  for (let i = 1; i < grants.length; i++) {
    const [before, after] = [grants[i - 1]!, grants[i]!];
    const rejected = r.sim.requests.some((q) => q.status === 401 && q.at >= before.at && q.at <= after.at);
    if (!rejected && after.at - before.at < 0.9 * lifetimeMs - 100) return `two renewals ${after.at - before.at} ms apart within one token lifetime`;
  }
  return null;
}

/** After each `status` answer on `pathPrefix`, nothing more on it arrived before Retry-After had passed (in-flight requests aside). */
function waitedAfterRefusals(r: Rig, pathPrefix: string, status: number, waitMs: number): string | null {
  const requests = r.sim.requests.filter((q) => q.path.startsWith(pathPrefix));
  for (const refusal of requests.filter((q) => q.status === status)) {
    if (requests.some((q) => q.at > refusal.at + 150 && q.at < refusal.at + waitMs - 50)) return `a request on ${pathPrefix} was sent before Retry-After had passed`;
  }
  return null;
}

function checkpointOf(db: string): Promise<string | null> {
  return queryValue<string | null>(db, "SELECT value FROM sync_state WHERE name = 'checkpoint'");
}

function queryCount(db: string, sql: string): Promise<number> {
  return queryValue<number>(db, sql);
}

async function idsOf(db: string): Promise<string[]> {
  return (await queryRows<{ id: string }>(db, 'SELECT id FROM recordings')).map((row) => row.id);
}
