import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RingCentralClient } from '../../src/ringcentral/client.js';
import { withTokenFileLock } from '../../src/ringcentral/token-file-lock.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';

function tokenFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'rec-')), 'state', 'tokens.json');
}

describe('the token file lock (no archive)', () => {
  it('runs one holder at a time and leaves no lock file behind', async () => {
    const file = tokenFile();
    const order: string[] = [];
    const hold = (name: string, ms: number) =>
      withTokenFileLock(file, async () => {
        order.push(`${name} in`);
        expect(statSync(`${file}.lock`).mode & 0o777).toBe(0o600);
        await new Promise((resolve) => setTimeout(resolve, ms));
        order.push(`${name} out`);
      });
    await Promise.all([hold('a', 60), hold('b', 10), hold('c', 10)]);
    for (let i = 0; i < order.length; i += 2) expect(order[i + 1]).toBe(order[i]!.replace(' in', ' out'));
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const file = tokenFile();
    await withTokenFileLock(file, async () => {});
    // Above Linux's largest pid (2^22): no such process.
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: 4_194_999, host: hostname(), token: 'left-behind' }), { mode: 0o600 });
    const started = Date.now();
    expect(await withTokenFileLock(file, async () => readFileSync(`${file}.lock`, 'utf8'))).not.toContain('left-behind');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('waits for a live holder, and stops waiting when the caller aborts', async () => {
    const file = tokenFile();
    await withTokenFileLock(file, async () => {});
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), token: 'someone-else' }), { mode: 0o600 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted by the user')), 150);
    await expect(withTokenFileLock(file, async () => 'ran', { signal: controller.signal })).rejects.toThrow('interrupted by the user');
    expect(readFileSync(`${file}.lock`, 'utf8')).toContain('someone-else');
  });
});

describe('clients of one process sharing a token file (no archive)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 9, calls: 40, days: 2, issueRefreshTokens: false });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('five clients that all find no session log in once between them', async () => {
    const file = tokenFile();
    const clients = Array.from({ length: 5 }, () => new RingCentralClient({ credentials: { server: sim.url, ...sim.credentials }, tokenFile: file }));
    const mark = sim.requests.length;
    await Promise.all(clients.map((client) => client.getJson('/restapi/v1.0/account/~/call-log', { query: { perPage: 1 } })));
    expect(sim.requests.slice(mark).filter((r) => r.path === '/restapi/oauth/token').map((r) => `${r.grantType} ${r.status}`)).toEqual(['jwt 200']);
    expect(clients.filter((client) => client.sessionEvent === 'login')).toHaveLength(1);
    expect(clients.filter((client) => client.sessionEvent === 'reused-after-other-process-refresh')).toHaveLength(4);
    expect(await clients[0]!.refreshTokensIssued()).toBe(false);
  });
});
