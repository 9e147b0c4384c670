import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../helpers/backends.js';
import { Lab } from './scenarios/harness.js';
import { runHostilePayloads } from './scenarios/hostile.js';

const lab = new Lab();
afterAll(() => lab.close());

describe.each(BACKENDS)('hostile API payloads (%s)', (backend) => {
  useBackend(backend);

  it('are stored safely or rejected per record; no crash, no corruption, nothing raw on a terminal', async () => {
    const results = await runHostilePayloads(lab);
    for (const result of results) {
      expect(result, JSON.stringify(result)).toMatchObject({ syncExit: 0, lost: 0, transcriptsLost: 0, integrity: true, stackTrace: false, rawOnTerminal: [], passed: true });
      expect(result.handling).not.toBe('missing');
    }
    // Names with escape sequences are kept as sent (escaped only on output), not dropped.
    expect(results.find((r) => r.payload === 'call-log record: escape-sequences')!.handling).toBe('stored');
    expect(results.find((r) => r.payload === 'RingSense insights: huge-transcript')!.handling).toBe('stored');
  }, 180_000);
});
