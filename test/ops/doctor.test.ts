import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, test } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { cli } from '../helpers/run-cli.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';
import { fakePlayerFolder, simulatorEnv } from './helpers.js';
import { freePort } from '../helpers/free-port.js';

const tempDir = useTempDirs();

interface Check {
  id: string;
  title: string;
  status: 'pass' | 'fail' | 'warn' | 'skip';
  message: string;
  fix: string | null;
  kind: string | null;
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ calls: 60, days: 2 });
});
afterAll(async () => {
  await sim.stop();
});

let extraSim: Simulator | undefined;
afterEach(async () => {
  await extraSim?.stop();
  extraSim = undefined;
});

/** A synced archive with a player on PATH: the state every check should pass in. */
async function healthy(server: Simulator = sim, extra: Record<string, string | undefined> = {}) {
  const dir = tempDir();
  const env = simulatorEnv(dir, server, { RECORDINGS_DB: join(dir, 'data', 'recordings.db'), ...extra });
  env.PATH = `${fakePlayerFolder(dir)}:${env.PATH ?? ''}`;
  const sync = await cli(['sync', '--since', '2d'], env);
  expect(sync.exitCode, sync.stderr).toBe(0);
  return { dir, env, db: env.RECORDINGS_DB! };
}

async function doctorJson(env: Record<string, string | undefined>, options: { now?: () => Date } = {}) {
  const result = await cli(['doctor', '--json'], env, options);
  const body = JSON.parse(result.stdout) as { ok: boolean; exitCode: number; checks: Check[] };
  expect(body.exitCode).toBe(result.exitCode);
  return { ...result, body, check: (id: string) => body.checks.find((check) => check.id === id) };
}

describe('doctor (SQLite only: PostgreSQL in test/postgres/cli.test.ts)', () => {
  test('passes against the simulator, every check ✓', async () => {
    const { env, db } = await healthy();
    const result = await cli(['doctor'], env);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    for (const title of ['config file', 'database file modes', 'token file modes', 'integrity check', 'search index', 'schema version', 'login', 'refresh tokens', 'call-log permission', 'clock', 'recording permission', 'RingSense scope', 'insights permission', 'RingSense insights', 'audio player']) {
      expect(lines.find((line) => line.includes(title)), title).toMatch(/^✓ /);
    }
    expect(result.stdout).toContain(`${db} opens`);
    expect(result.stdout).toContain('refreshed the stored session');
    expect(lines.at(-1)).toBe('All checks passed.');
    for (const secret of [sim.credentials.clientSecret, sim.credentials.jwt]) expect(result.stdout).not.toContain(secret);
  });

  test('--json lists each check with status, message and fix', async () => {
    const { env } = await healthy();
    const { body, exitCode } = await doctorJson(env);
    expect(exitCode).toBe(0);
    expect(body.ok).toBe(true);
    expect(body.checks.length).toBeGreaterThanOrEqual(12);
    for (const check of body.checks) {
      expect(Object.keys(check).sort()).toEqual(['fix', 'id', 'kind', 'message', 'status', 'title']);
      expect(check.status).toBe('pass');
    }
  });

  test('wrong credentials: exit 3 with the refusal, and no secret in the output', async () => {
    const dir = tempDir();
    const wrong = 'NotTheRightSecret123';
    const env = simulatorEnv(dir, sim, { RC_APP_CLIENT_SECRET: wrong });
    const result = await cli(['doctor'], env);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/^✗ login\s+RingCentral refused the credentials \(HTTP 401, OAU-153\)/m);
    expect(result.stdout).toContain('fix: check RC_APP_CLIENT_ID, RC_APP_CLIENT_SECRET and RC_USER_JWT');
    expect(result.stdout).toMatch(/^- call-log permission\s+skipped/m);
    expect(result.stdout + result.stderr).not.toContain(wrong);
    expect(result.stdout + result.stderr).not.toContain(sim.credentials.jwt);
  });

  test('a secret changed after a session was stored is still caught (the stored session is refreshed)', async () => {
    const { env } = await healthy();
    const { exitCode, check } = await doctorJson({ ...env, RC_APP_CLIENT_SECRET: 'ChangedSecret' });
    expect(exitCode).toBe(3);
    expect(check('credentials.login')).toMatchObject({ status: 'fail', kind: 'credentials' });
  });

  test('refresh tokens off: a warning saying how to turn them on; the credentials are proven by a login', async () => {
    extraSim = await startSimulator({ calls: 30, days: 2, issueRefreshTokens: false });
    const { env } = await healthy(extraSim);
    const mark = extraSim.requests.length;
    const result = await cli(['doctor'], env);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^✓ login\s+logged in to http:\/\/127\.0\.0\.1:\d+ with the JWT$/m);
    expect(result.stdout).toMatch(/^! refresh tokens\s+RingCentral issued no refresh token \(the app's "Issue refresh tokens" is off\): recordings logs in again with the JWT each time the access token expires/m);
    expect(result.stdout).toContain(`fix: in the RingCentral Developer Console, open the app's settings and turn on "Issue refresh tokens"`);
    expect(extraSim.requests.slice(mark).filter((r) => r.path === '/restapi/oauth/token').map((r) => r.grantType)).toEqual(['jwt']);

    // Without a refresh token to prove it with, a changed secret is caught by the login.
    const { exitCode, check } = await doctorJson({ ...env, RC_APP_CLIENT_SECRET: 'ChangedSecret' });
    expect(exitCode).toBe(3);
    expect(check('credentials.login')).toMatchObject({ status: 'fail', kind: 'credentials' });
    expect(check('credentials.refresh-tokens')).toMatchObject({ status: 'skip' });
  });

  test('missing credentials: exit 3 naming each missing one and how to set it, nothing about expiry', async () => {
    const dir = tempDir();
    const { exitCode, check } = await doctorJson(simulatorEnv(dir, sim, { RC_USER_JWT: undefined }));
    expect(exitCode).toBe(3);
    expect(check('credentials.present')).toMatchObject({
      status: 'fail',
      kind: 'credentials',
      message: 'not set: the JWT (RC_USER_JWT or RC_USER_JWT_FILE)',
    });
    expect(check('credentials.present')?.fix).toMatch(/^set RC_USER_JWT \(or RC_USER_JWT_FILE\) in the environment, or ringcentral\.jwtFile in /);

    const none = await doctorJson(isolatedEnv(tempDir()));
    expect(none.exitCode).toBe(3);
    const present = none.check('credentials.present');
    expect(present?.message).toBe(
      'not set: the client id (RC_APP_CLIENT_ID), the client secret (RC_APP_CLIENT_SECRET), the JWT (RC_USER_JWT or RC_USER_JWT_FILE)',
    );
    expect(present?.fix).toMatch(/^set RC_APP_CLIENT_ID, RC_APP_CLIENT_SECRET and RC_USER_JWT \(or RC_USER_JWT_FILE\) in the environment/);
    expect(present?.fix).not.toMatch(/expire|revoke/i);
    expect(none.check('credentials.login')).toMatchObject({ status: 'skip' });
  });

  test("the user lacks 'AI Conversation Expert – Access Insights' (403 RAH-3005): exit 3 naming it, with its fix", async () => {
    extraSim = await startSimulator({ calls: 30, days: 2, ringSenseUserPermission: false });
    const { env } = await healthy(extraSim);
    const result = await cli(['doctor'], env);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/^✓ RingSense scope\s+the app may read insights \(RingSense\)$/m);
    expect(result.stdout).toMatch(/^✗ insights permission\s+the JWT's user lacks the user permission 'AI Conversation Expert – Access Insights' \(ReadRingSenseInsights\)$/m);
    expect(result.stdout).toMatch(/^✗ RingSense insights\s+RingSense refused insights \(HTTP 403 RAH-3005\): the JWT's user lacks/m);
    expect(result.stdout).toContain("fix: in the RingCentral Admin Portal give that user a role with 'AI Conversation Expert – Access Insights', then run recordings sync --retry");
    const permission = extraSim.requests.filter((r) => r.path.endsWith('/authz-profile/check'));
    expect(permission.at(-1)?.query).toEqual({ permissionId: 'ReadRingSenseInsights' });
  });

  test("the app lacks the 'RingSense' scope (403 CMN-401): exit 3 naming it; warnings only when transcripts are off", async () => {
    extraSim = await startSimulator({ calls: 30, days: 2, ringSenseScope: false });
    const { env, dir } = await healthy(extraSim);
    const result = await doctorJson(env);
    expect(result.exitCode).toBe(3);
    expect(result.check('permissions.ringsense-scope')).toMatchObject({
      status: 'fail',
      kind: 'credentials',
      message: "the app lacks the 'RingSense' app permission (scope) (granted: ReadAccounts ReadCallLog ReadCallRecording)",
      fix: "add the 'RingSense' app permission to the app in the RingCentral Developer Console, then run recordings sync --retry",
    });
    expect(result.check('permissions.ringsense-user')).toMatchObject({ status: 'pass' });
    expect(result.check('permissions.ringsense')?.message).toMatch(/^RingSense refused insights \(HTTP 403 CMN-401\): the app lacks the 'RingSense' app permission/);

    const configDir = join(dir, 'config', 'recordings');
    mkdirSync(configDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ sync: { transcripts: false } }));
    const off = await doctorJson(env);
    expect(off.exitCode).toBe(0);
    expect(off.check('permissions.ringsense-scope')).toMatchObject({ status: 'warn' });
    expect(off.check('permissions.ringsense')).toMatchObject({ status: 'warn' });
    expect(off.check('permissions.ringsense')?.message).toContain('transcripts are off');
  });

  test('RingSense moved (404 AGW-404): exit 1 saying the endpoint was not found', async () => {
    extraSim = await startSimulator({ calls: 30, days: 2 });
    const { env } = await healthy(extraSim);
    extraSim.setRingSense({ routeMoved: true });
    const { exitCode, check } = await doctorJson(env);
    expect(exitCode).toBe(1);
    expect(check('permissions.ringsense')).toMatchObject({
      status: 'fail',
      kind: 'other',
      message: 'the RingSense endpoint was not found (HTTP 404 AGW-404): RingCentral may have moved its beta AI Conversation Expert API',
      fix: 'update recordings; until then set "sync": {"transcripts": false} to sync without transcripts',
    });
  });

  test('recordings a refusal marked not_licensed are pointed out once RingSense answers, with the retry', async () => {
    extraSim = await startSimulator({ calls: 30, days: 2, ringSenseUserPermission: false });
    const { env } = await healthy(extraSim);
    extraSim.setRingSense({ userPermission: true });
    const licensed = await doctorJson(env);
    expect(licensed.exitCode).toBe(0);
    expect(licensed.check('permissions.ringsense')).toMatchObject({ status: 'warn', fix: 'recordings sync --retry' });
    expect(licensed.check('permissions.ringsense')?.message).toMatch(/^RingSense answers: .*; \d+ recordings were marked not_licensed earlier/);
  });

  test('SQLite: a 0644 database file: exit 1 with the chmod fix', async () => {
    const { env, db } = await healthy();
    chmodSync(db, 0o644);
    const result = await cli(['doctor'], env);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^✗ database file modes\\s+${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is 0644`, 'm'));
    expect(result.stdout).toContain(`fix: chmod 600 ${db}`);
    const { check } = await doctorJson(env);
    expect(check('modes.database')).toMatchObject({ status: 'fail', kind: 'other', fix: `chmod 600 ${db}` });
  });

  test('SQLite: a 0755 folder the user chose for the database file is a warning, not a failure; one others may write to fails', async () => {
    const dir = tempDir();
    const folder = join(dir, 'srv-rec');
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);
    const { env, db } = await healthy(sim, { RECORDINGS_DB: join(folder, 'recordings.db') });
    const open = await doctorJson(env);
    expect(open.exitCode).toBe(0);
    expect(open.check('modes.database')).toMatchObject({
      status: 'warn',
      kind: null,
      message: `folder ${folder} is 0755: others can look into it (the files in it are owner-only)`,
      fix: `chmod 700 ${folder} if the file names should be private too`,
    });
    expect(open.body.ok).toBe(true);
    const text = await cli(['doctor'], env);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^! database file modes\s+folder /m);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toMatch(/^All checks passed \(\d warnings?\)\.$/);

    chmodSync(folder, 0o777);
    const writable = await doctorJson(env);
    expect(writable.exitCode).toBe(1);
    expect(writable.check('modes.database')).toMatchObject({ status: 'fail', fix: `chmod 700 ${folder}` });
    expect(writable.check('modes.database')?.message).toContain('others can delete or replace the files in it');

    // A private file in the open folder still fails: the file is what holds the transcripts.
    chmodSync(folder, 0o755);
    chmodSync(db, 0o644);
    const leaking = await doctorJson(env);
    expect(leaking.exitCode).toBe(1);
    expect(leaking.check('modes.database')).toMatchObject({ status: 'fail', fix: `chmod 600 ${db} && chmod 700 ${folder}` });
  });

  test('wraps to COLUMNS: every line within 80 columns, no word broken, continuation lines under their text', async () => {
    const dir = tempDir();
    const env = isolatedEnv(dir, { COLUMNS: '80', PATH: '/nonexistent' });
    const text = await cli(['doctor'], env);
    const { body } = await doctorJson(env);
    expect(text.exitCode).toBe(body.exitCode);
    const lines = text.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    const column = 2 + Math.max(...body.checks.map((check) => check.title.length)) + 2;
    const words = (line: string) => line.split(/\s+/).filter(Boolean);
    const shown = lines.slice(0, -2).flatMap((line) => (/^[✓✗!-] /.test(line) ? words(line.slice(column)) : words(line)));
    const expected = body.checks.flatMap((check) => [
      ...words(check.message),
      ...(check.fix && (check.status === 'fail' || check.status === 'warn') ? ['fix:', ...words(check.fix)] : []),
    ]);
    expect(shown).toEqual(expected);
    const continuations = lines.slice(0, -2).filter((line) => !/^[✓✗!-] /.test(line));
    expect(continuations.length).toBeGreaterThan(body.checks.length / 2);
    for (const line of continuations) expect(line).toMatch(new RegExp(`^ {${column}}(fix: )?\\S|^ {${column + 5}}\\S`));
    // Without COLUMNS and not on a terminal, each message keeps its line.
    const piped = await cli(['doctor'], { ...env, COLUMNS: undefined });
    expect(piped.stdout.trimEnd().split('\n').length).toBe(body.checks.length + body.checks.filter((c) => c.fix && c.status !== 'pass' && c.status !== 'skip').length + 2);
  });

  test('a config file holding the client secret must be 0600 too', async () => {
    const { env, dir } = await healthy();
    const configDir = join(dir, 'config', 'recordings');
    mkdirSync(configDir, { recursive: true, mode: 0o700 });
    const file = join(configDir, 'config.json');
    writeFileSync(file, JSON.stringify({ ringcentral: { clientSecret: sim.credentials.clientSecret } }), { mode: 0o640 });
    const { exitCode, check, stdout } = await doctorJson(env);
    expect(exitCode).toBe(1);
    expect(check('modes.secrets')).toMatchObject({ status: 'fail', fix: `chmod 600 ${file}` });
    expect(stdout).not.toContain(sim.credentials.clientSecret);
  });

  test('an unreachable server: exit 75', async () => {
    const port = await freePort();
    const dir = tempDir();
    const env = simulatorEnv(dir, sim, { RC_SERVER_URL: `http://127.0.0.1:${port}` });
    const started = Date.now();
    const result = await cli(['doctor'], env);
    expect(result.exitCode).toBe(75);
    expect(result.stdout).toMatch(/^✗ login\s+RingCentral at http:\/\/127\.0\.0\.1:\d+ is unreachable/m);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test('clock skew over a minute is a warning with the NTP fix; no player is a warning', async () => {
    const { env } = await healthy();
    const skewed = await doctorJson({ ...env, PATH: '/nonexistent' }, { now: () => new Date(Date.now() + 5 * 60_000) });
    expect(skewed.exitCode).toBe(0);
    expect(skewed.check('clock')).toMatchObject({ status: 'warn', fix: 'enable NTP (e.g. timedatectl set-ntp true)' });
    expect(skewed.check('clock')?.message).toMatch(/clock is (29\d|30\d) s ahead of RingCentral's/);
    expect(skewed.check('player')).toMatchObject({ status: 'warn' });
  });

  test('an invalid config file: exit 1, the rest skipped', async () => {
    const dir = tempDir();
    const env = simulatorEnv(dir, sim);
    const configDir = join(dir, 'config', 'recordings');
    mkdirSync(configDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ sync: { transcripts: 'yes' } }));
    const { exitCode, check } = await doctorJson(env);
    expect(exitCode).toBe(1);
    expect(check('config')).toMatchObject({ status: 'fail' });
    expect(check('config')?.message).toContain('sync.transcripts');
    expect(check('database')).toMatchObject({ status: 'skip' });
  });
});
