import type { Config, Credentials } from '../../config/config.js';
import { requireCredentials } from '../../config/load.js';
import { AuthError, TryAgainLaterError } from '../../ringcentral/errors.js';
import type { RingCentralClient } from '../../ringcentral/index.js';
import {
  APP_SCOPE_ADVICE,
  RINGSENSE_SCOPE,
  RINGSENSE_USER_PERMISSION,
  ROUTE_MISSING_ADVICE,
  USER_PERMISSION_ADVICE,
  refusalAdvice,
} from '../../ringcentral/ringsense-answers.js';
import { type CheckResult, fail, pass, skip, warn } from './check.js';
import { missingCredentials } from './missing-credentials.js';

export interface RingCentralCheckInput {
  config: Config;
  now: () => Date;
  appVersion: string;
  /** A real recording id to ask RingSense about; without one any id does (404 still proves the licence). */
  newestRecordingId: string | null;
  /** Recordings marked `not_licensed` by earlier syncs. */
  notLicensed: number;
}

/** Beyond this the local clock is worth fixing: token expiry and sync windows are computed locally. */
const MAX_SKEW_MS = 60_000;

const CREDENTIAL_FIX =
  'check RC_APP_CLIENT_ID, RC_APP_CLIENT_SECRET and RC_USER_JWT (JWTs expire or get revoked: make a new one in the RingCentral Developer Console)';
const CALL_LOG_FIX =
  "give the app the 'Read Call Log' permission (ReadCallLog) in the Developer Console, and the JWT's user the 'Company Call Log' user permission (FullCompanyCallLog)";
const RINGSENSE_FIX =
  "check the app's 'RingSense' permission and the user's 'AI Conversation Expert – Access Insights', or set \"sync\": {\"transcripts\": false}";

const REFRESH_TOKENS_FIX = 'in the RingCentral Developer Console, open the app\'s settings and turn on "Issue refresh tokens"';

const LATER_IDS = [
  'credentials.login',
  'credentials.refresh-tokens',
  'permissions.call-log',
  'clock',
  'permissions.recordings',
  'permissions.ringsense-scope',
  'permissions.ringsense-user',
  'permissions.ringsense',
] as const;
const TITLES: Record<(typeof LATER_IDS)[number], string> = {
  'credentials.login': 'login',
  'credentials.refresh-tokens': 'refresh tokens',
  'permissions.call-log': 'call-log permission',
  clock: 'clock',
  'permissions.recordings': 'recording permission',
  'permissions.ringsense-scope': 'RingSense scope',
  'permissions.ringsense-user': 'insights permission',
  'permissions.ringsense': 'RingSense insights',
};

/**
 * Credentials, login, permissions and clock, each with the fewest requests that prove it: the
 * session (reused when stored, so running doctor does not use up logins), one call-log page of one
 * record over the last hour, the user's RingSense permission (`authz-profile/check`) and one
 * RingSense request. The app's recording and RingSense permissions are read from the scopes the
 * token endpoint granted.
 */
export async function checkRingCentral(input: RingCentralCheckInput): Promise<CheckResult[]> {
  const { config } = input;
  const missing = missingCredentials(config);
  if (missing) return [missing, ...skipFrom('credentials.login', 'needs credentials')];
  // Settings that are set but broken (an unreadable JWT file) already failed the config check.
  const credentials: Credentials = requireCredentials(config);
  const results: CheckResult[] = [pass('credentials.present', 'credentials', `client id, client secret and JWT are set for ${credentials.server}`)];
  const rc = await import('../../ringcentral/index.js');
  const client = new rc.RingCentralClient(
    rc.clientOptionsFromConfig(config, credentials, {
      appVersion: input.appVersion,
      // A diagnosis should answer in seconds: one retry, short pauses, no minute-long backoff.
      maxRetries: 1,
      requestTimeoutMs: Math.min(config.sync.requestTimeoutMs, 15_000),
      governor: { baseBackoffMs: 250, maxBackoffMs: 1_000 },
    }),
  );

  try {
    await client.verifyCredentials();
    const how =
      client.sessionEvent === 'login'
        ? `logged in to ${credentials.server} with the JWT`
        : client.sessionEvent === 'refresh'
          ? `refreshed the stored session at ${credentials.server}: client id and secret accepted`
          : `the stored session (${config.tokenFile}) is valid`;
    results.push(pass('credentials.login', 'login', how));
  } catch (error) {
    results.push(failure('credentials.login', 'login', error, CREDENTIAL_FIX, client, credentials.server));
    return [...results, ...skipFrom('credentials.refresh-tokens', 'needs a session')];
  }
  results.push(await checkRefreshTokens(client));

  results.push(...(await checkCallLogAndClock(client, input, credentials.server)));
  if (results.some((result) => result.kind === 'unreachable')) return [...results, ...skipFrom('permissions.recordings', 'RingCentral unreachable')];

  const scopes = await client.grantedScopes();
  const granted = scopes.length > 0 ? scopes : null;
  results.push(checkRecordingScope(granted, config));
  results.push(checkRingSenseScope(granted, config));
  results.push(await checkInsightsPermission(rc, client, config, credentials.server));
  results.push(await checkRingSense(rc, client, input, credentials.server));
  return results;
}

/**
 * A new app issues no refresh token unless "Issue refresh tokens" is on in its settings
 * (docs/design.md, "RingCentral as it really behaves"). Everything still works, at the price of a JWT
 * login every time the access token expires instead of a refresh: worth a warning with the switch to
 * turn.
 */
async function checkRefreshTokens(client: RingCentralClient): Promise<CheckResult> {
  const id = 'credentials.refresh-tokens';
  const title = 'refresh tokens';
  if (await client.refreshTokensIssued()) return pass(id, title, 'RingCentral issues refresh tokens: the session is renewed without logging in again');
  return warn(
    id,
    title,
    'RingCentral issued no refresh token (the app\'s "Issue refresh tokens" is off): recordings logs in again with the JWT each time the access token expires, about once an hour',
    REFRESH_TOKENS_FIX,
  );
}

async function checkCallLogAndClock(client: RingCentralClient, input: RingCentralCheckInput, server: string): Promise<CheckResult[]> {
  const { CALL_LOG_PATH } = await import('../../ringcentral/index.js');
  const started = input.now().getTime();
  let response: Response;
  try {
    response = await client.get(CALL_LOG_PATH, {
      query: { view: 'Simple', perPage: 1, dateFrom: new Date(started - 3_600_000).toISOString(), dateTo: new Date(started).toISOString() },
    });
  } catch (error) {
    return [failure('permissions.call-log', 'call-log permission', error, CALL_LOG_FIX, client, server), skip('clock', 'clock', 'needs an answer from RingCentral')];
  }
  const local = (started + input.now().getTime()) / 2;
  const results = [pass('permissions.call-log', 'call-log permission', 'the company call log can be read')];
  const serverDate = Date.parse(response.headers.get('date') ?? '');
  if (Number.isNaN(serverDate)) {
    results.push(warn('clock', 'clock', 'RingCentral sent no Date header: clock skew not checked'));
    return results;
  }
  // The Date header has whole seconds: allow for that on top of the limit.
  const skewMs = local - serverDate;
  const seconds = Math.round(Math.abs(skewMs) / 1000);
  if (Math.abs(skewMs) > MAX_SKEW_MS + 1_000) {
    results.push(
      warn('clock', 'clock', `this machine's clock is ${seconds} s ${skewMs > 0 ? 'ahead of' : 'behind'} RingCentral's`, 'enable NTP (e.g. timedatectl set-ntp true)'),
    );
  } else {
    results.push(pass('clock', 'clock', `within ${Math.max(1, seconds)} s of RingCentral's`));
  }
  return results;
}

/**
 * `ReadCallRecording` is needed by `stream` and by `sync --audio`; RingCentral lists the app's
 * scopes in the token response (docs/ringcentral.md, "Auth and tokens"), which the session keeps.
 */
function checkRecordingScope(scopes: string[] | null, config: Config): CheckResult {
  const id = 'permissions.recordings';
  const title = 'recording permission';
  if (scopes === null) return warn(id, title, 'RingCentral did not list the app scopes: the recording permission was not checked');
  if (scopes.includes('ReadCallRecording')) return pass(id, title, 'the app may read recordings (ReadCallRecording)');
  const message = `the app lacks ReadCallRecording: stream and audio archiving cannot fetch recordings (granted: ${scopes.join(' ') || 'none'})`;
  const fix = "give the app the 'Read Call Recording' permission in the Developer Console";
  return config.sync.audio ? fail(id, title, message, fix, 'credentials') : warn(id, title, message, fix);
}

/**
 * What sync needs only for transcripts is a failure when transcripts are on, a warning when
 * `sync.transcripts` is false.
 */
function forTranscripts(config: Config, id: string, title: string, message: string, fix: string, kind: 'credentials' | 'other' = 'credentials'): CheckResult {
  if (!config.sync.transcripts) return warn(id, title, `${message}; transcripts are off (sync.transcripts false), so sync does not need it`, fix);
  return fail(id, title, message, fix, kind);
}

/** The app's `RingSense` scope: without it RingSense answers 403 CMN-401. */
function checkRingSenseScope(scopes: string[] | null, config: Config): CheckResult {
  const id = 'permissions.ringsense-scope';
  const title = TITLES[id];
  if (scopes === null) return warn(id, title, 'RingCentral did not list the app scopes: the RingSense scope was not checked');
  if (scopes.includes(RINGSENSE_SCOPE)) return pass(id, title, `the app may read insights (${RINGSENSE_SCOPE})`);
  return forTranscripts(config, id, title, `${APP_SCOPE_ADVICE.problem} (granted: ${scopes.join(' ')})`, APP_SCOPE_ADVICE.fix);
}

/** The user permission "AI Conversation Expert – Access Insights": without it RingSense answers 403 RAH-3005. */
async function checkInsightsPermission(
  rc: typeof import('../../ringcentral/index.js'),
  client: RingCentralClient,
  config: Config,
  server: string,
): Promise<CheckResult> {
  const id = 'permissions.ringsense-user';
  const title = TITLES[id];
  let held: boolean;
  try {
    held = await rc.hasUserPermission(client, RINGSENSE_USER_PERMISSION);
  } catch (error) {
    if (error instanceof TryAgainLaterError) return failure(id, title, error, USER_PERMISSION_ADVICE.fix, client, server);
    // The check is a convenience: the RingSense request below still tells.
    return warn(id, title, `could not check the user permission: ${client.redact(error instanceof Error ? error.message : String(error))}`);
  }
  if (held) return pass(id, title, `the JWT's user may read insights (${RINGSENSE_USER_PERMISSION})`);
  return forTranscripts(config, id, title, USER_PERMISSION_ADVICE.problem, USER_PERMISSION_ADVICE.fix);
}

/** One RingSense request, read by status and errorCode like sync reads it. */
async function checkRingSense(
  rc: typeof import('../../ringcentral/index.js'),
  client: RingCentralClient,
  input: RingCentralCheckInput,
  server: string,
): Promise<CheckResult> {
  const id = 'permissions.ringsense';
  const title = TITLES[id];
  const recordingId = input.newestRecordingId ?? '1';
  let outcome: Awaited<ReturnType<typeof rc.fetchInsights>>;
  try {
    outcome = await rc.fetchInsights(client, recordingId, { insightTypes: ['Summary'] });
  } catch (error) {
    return failure(id, title, error, RINGSENSE_FIX, client, server);
  }
  if (outcome.kind === 'forbidden') {
    const advice = refusalAdvice(outcome.cause, outcome.reason);
    return forTranscripts(input.config, id, title, `RingSense refused insights (HTTP 403${outcome.errorCode ? ` ${outcome.errorCode}` : ''}): ${advice.problem}`, advice.fix);
  }
  if (outcome.kind === 'route_missing') {
    return forTranscripts(input.config, id, title, ROUTE_MISSING_ADVICE.problem, ROUTE_MISSING_ADVICE.fix, 'other');
  }
  const retry = input.notLicensed > 0 ? `; ${input.notLicensed} recordings were marked not_licensed earlier: fetch them with recordings sync --retry` : '';
  const what =
    outcome.kind === 'ready'
      ? `insights found for recording ${recordingId}`
      : `no insights for recording ${recordingId} (404${outcome.errorCode ? ` ${outcome.errorCode}` : ''}), which is normal for short or recent calls`;
  return retry ? warn(id, title, `RingSense answers: ${what}${retry}`, 'recordings sync --retry') : pass(id, title, `RingSense answers: ${what}`);
}

function failure(id: string, title: string, error: unknown, permissionFix: string, client: RingCentralClient, server: string): CheckResult {
  const message = client.redact(error instanceof Error ? error.message : String(error));
  if (error instanceof TryAgainLaterError) {
    return fail(id, title, `RingCentral at ${server} is unreachable: ${message}`, `check the network and RC_SERVER_URL, then run recordings doctor again`, 'unreachable');
  }
  if (error instanceof AuthError) return fail(id, title, message, permissionFix, 'credentials');
  return fail(id, title, message, 'run again with --verbose; if it persists, check https://status.ringcentral.com', 'other');
}

function skipFrom(first: (typeof LATER_IDS)[number], why: string): CheckResult[] {
  return LATER_IDS.slice(LATER_IDS.indexOf(first)).map((id) => skip(id, TITLES[id], `skipped: ${why}`));
}
