import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RingCentralClient } from '../../src/ringcentral/client.js';
import { RangeNotSatisfiableError } from '../../src/ringcentral/errors.js';
import { downloadContent } from '../../src/ringcentral/recording-content.js';
import { BACKENDS } from '../helpers/backends.js';
import { cli } from '../helpers/run-cli.js';
import { type StreamFixture, auditRows, contentRequests, sha256, syncedFixture } from './fixture.js';

/**
 * 416 `CMN-107` "Requested Range Not Satisfiable" on a resumed download
 * (docs/design.md, "RingCentral as it really behaves"): the bytes already fetched do not fit the
 * recording as it is now, so the download starts over from byte 0. `stream` is the command that
 * resumes downloads.
 */
let fx: StreamFixture;


function contentPath(id: string): string {
  return `/restapi/v1.0/account/${fx.sim.account.accountId}/recording/${id}/content`;
}

describe.each(BACKENDS)('416 CMN-107 on a resumed download (%s)', (backend) => {
  beforeAll(async () => {
    fx = await syncedFixture({ seed: 29, backend });
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it('a connection lost mid-body, then 416 to the resume: the download restarts from byte 0 and the cached audio is whole', async () => {
    const id = fx.recordings[0]!.id;
    const cache = mkdtempSync(join(fx.dir, 'cache-'));
    const env = { ...fx.env, XDG_CACHE_HOME: cache };
    fx.sim.faults.dropNext(1, { pathPrefix: contentPath(id), at: 'mid-body' });
    fx.sim.faults.rangeNotSatisfiableNext(1, { pathPrefix: contentPath(id) });
    const before = fx.sim.requests.length;
    const out = join(mkdtempSync(join(fx.dir, 'out-')), 'call.wav');
    const result = await cli(['stream', id, '-o', out], env);
    expect(result.stderr).toMatch(new RegExp(`^saved recording ${id} to ${out} \\([\\d.]+ [KM]?B, downloaded from RingCentral\\)\n$`));
    expect(result.exitCode).toBe(0);
    const audio = fx.sim.account.audioFor(id);
    expect(sha256(readFileSync(out))).toBe(sha256(audio));
    // The cut full request, the refused resume, the restart from byte 0 (no Range: a 200).
    const requests = contentRequests(fx.sim, id, before);
    expect(requests.map((r) => `${r.status}${r.errorCode ? ` ${r.errorCode}` : ''}`)).toEqual(['200', '416 CMN-107', '200']);
    // What is stored: the cache holds the whole recording, and the stream was audited.
    const cached = join(cache, 'recordings', 'audio');
    expect(readdirSync(cached).sort()).toEqual([`${id}.json`, `${id}.wav`]);
    expect(sha256(readFileSync(join(cached, `${id}.wav`)))).toBe(sha256(audio));
    expect((await auditRows(fx.env)).filter((row) => row.recording_id === id)).toHaveLength(1);
  });

  it('the client classifies it by status: RangeNotSatisfiableError with RingCentral’s errorCode', async () => {
    const id = fx.recordings[1]!.id;
    const client = new RingCentralClient({
      credentials: { server: fx.sim.url, ...fx.sim.credentials },
      tokenFile: join(mkdtempSync(join(fx.dir, 'state-')), 'tokens.json'),
    });
    const size = fx.sim.account.audioFor(id).length;
    const beyond = await downloadContent(client, `${fx.sim.url}${contentPath(id)}`, { rangeStart: size + 10 }).catch((error: unknown) => error);
    expect(beyond).toBeInstanceOf(RangeNotSatisfiableError);
    expect(beyond).toMatchObject({ status: 416, errorCode: 'CMN-107' });
    expect((beyond as Error).message).toMatch(/^RingCentral cannot serve the requested byte range of .*\/content \(HTTP 416, CMN-107\): Requested Range Not Satisfiable$/);
  });
});
