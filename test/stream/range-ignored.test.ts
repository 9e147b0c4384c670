import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadResumable } from '../../src/audio/resumable-download.js';
import { RingCentralClient } from '../../src/ringcentral/client.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { sha256 } from './fixture.js';

/**
 * A server that ignores `Range` (RFC 9110 allows it: it answers 200 with the whole content): a
 * pass-through proxy in front of the simulator that drops the header.
 */
let sim: Simulator;
let proxy: Server;
let proxyUrl: string;
const rangesSeen: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'rec-'));

beforeAll(async () => {
  sim = await startSimulator({ calls: 10, days: 1, seed: 5 });
  const target = new URL(sim.url);
  proxy = createServer((req: IncomingMessage, res) => {
    const headers = { ...req.headers };
    if (headers.range) rangesSeen.push(headers.range);
    delete headers.range;
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('resumable download against a server that ignores Range (no archive)', () => {
  it('starts over on a 200, and a sink still gets every byte exactly once', async () => {
    const index = Array.from({ length: sim.account.visibleCallCount() }, (_, i) => i).find((i) => sim.account.shapeAt(i).recordings.length > 0)!;
    const id = sim.account.shapeAt(index).recordings[0]!.id;
    const audio = sim.account.audioFor(id);
    const partPath = join(dir, `${id}.part`);
    // A wrong start: a resume that appended to it would give wrong bytes.
    writeFileSync(partPath, Buffer.concat([audio.subarray(0, 500), Buffer.alloc(500, 7)]), { mode: 0o600 });
    const client = new RingCentralClient({
      credentials: { server: proxyUrl, ...sim.credentials },
      tokenFile: join(dir, 'tokens.json'),
      requestTimeoutMs: 5_000,
      appVersion: 'test',
    });
    const received: Buffer[] = [];
    const result = await downloadResumable({
      client,
      contentUri: `${proxyUrl}/restapi/v1.0/account/~/recording/${id}/content`,
      partPath,
      sink: async (chunk) => {
        received.push(Buffer.from(chunk));
      },
    });
    expect(rangesSeen).toEqual(['bytes=1000-']);
    expect(result).toMatchObject({ bytes: audio.length, resumes: 0 });
    expect(sha256(readFileSync(partPath))).toBe(sha256(audio));
    const streamed = Buffer.concat(received);
    expect(streamed.length).toBe(audio.length);
    // What the sink got first came from the old part file; the rest is the server's, from byte 1000.
    expect(sha256(streamed.subarray(1000))).toBe(sha256(audio.subarray(1000)));
  });
});
