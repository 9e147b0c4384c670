import { describe, expect, test } from 'vitest';
import { cli } from '../helpers/run-cli.js';
import { seedDatabaseFile } from '../helpers/seed.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';
import { BACKENDS, executeSql, queryRows, useBackend } from '../helpers/backends.js';
import { displayWidth } from '../../src/cli/output/text-width.js';
import { daysAgo, now } from './helpers.js';

const tempDir = useTempDirs();

/** A transferred call (two recordings under one call id and telephony session) and a plain one. */
async function archive() {
  const dir = tempDir();
  const db = await seedDatabaseFile(dir, [
    { id: 'leg-a', callId: 'CALL-T', telephonySessionId: 's-T', startTime: daysAgo(400) },
    { id: 'leg-b', callId: 'CALL-T', telephonySessionId: 's-T', startTime: new Date(Date.parse(daysAgo(400)) + 90_000).toISOString() },
    { id: 'solo', callId: 'CALL-S', startTime: daysAgo(400) },
  ]);
  return { db, env: isolatedEnv(dir, { RECORDINGS_DB: db }) };
}

function holds(path: string) {
  return queryRows(path, 'SELECT id, legal_hold AS held, hold_reason AS reason, held_at AS "heldAt" FROM recordings ORDER BY id');
}

describe.each(BACKENDS)('hold (%s)', (backend) => {
  useBackend(backend);

  test('a call id holds every recording of the call, says so, and audits each', async () => {
    const a = await archive();
    const result = await cli(['hold', 'CALL-T', '--reason', 'case 4711'], a.env, { now });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("'CALL-T' is a call with 2 recordings: holding all of them.");
    expect(result.stdout).toContain('Recording leg-a is on legal hold (reason: case 4711)');
    expect(result.stdout).toContain('Recording leg-b is on legal hold (reason: case 4711)');
    expect(await holds(a.db)).toEqual([
      { id: 'leg-a', held: 1, reason: 'case 4711', heldAt: now().toISOString() },
      { id: 'leg-b', held: 1, reason: 'case 4711', heldAt: now().toISOString() },
      { id: 'solo', held: 0, reason: null, heldAt: null },
    ]);

    // By telephony session id too; nothing changes a second time, and nothing more is audited.
    const again = await cli(['hold', 's-T'], a.env, { now });
    expect(again.stdout).toContain('was already on legal hold');

    const released = await cli(['hold', 'leg-b', '--release'], a.env, { now });
    expect(released.exitCode).toBe(0);
    expect(released.stdout).toBe('Released the legal hold on recording leg-b.\n');
    expect(await holds(a.db)).toMatchObject([{ id: 'leg-a', held: 1 }, { id: 'leg-b', held: 0, reason: null, heldAt: null }, { held: 0 }]);

    const audit = await cli(['audit', '--json'], a.env, { now });
    expect(audit.exitCode).toBe(0);
    const { entries } = JSON.parse(audit.stdout) as { entries: { action: string; recordingId: string; details: Record<string, unknown> }[] };
    expect(entries.map((entry) => [entry.action, entry.recordingId])).toEqual([
      ['release', 'leg-b'],
      ['hold', 'leg-b'],
      ['hold', 'leg-a'],
    ]);
    expect(entries[1]!.details).toMatchObject({ reason: 'case 4711', requestedId: 'CALL-T' });
    expect(entries[0]!.details).toMatchObject({ previousReason: 'case 4711', requestedId: 'leg-b' });
  });

  test('an unknown id is exit 4; --reason with --release is exit 2', async () => {
    const a = await archive();
    const unknown = await cli(['hold', 'no-such-id'], a.env, { now });
    expect(unknown.exitCode).toBe(4);
    expect(unknown.stderr).toMatch(/^recordings: no recording, call or session with id 'no-such-id'/);
    const both = await cli(['hold', 'solo', '--release', '--reason', 'x'], a.env, { now });
    expect(both.exitCode).toBe(2);
    expect((await holds(a.db)).every((row) => (row as { held: number }).held === 0)).toBe(true);
  });
});

describe.each(BACKENDS)('audit (%s)', (backend) => {
  useBackend(backend);

  test('--json prints { entries } newest first, with --limit; the table shows ISO UTC piped, local time on a terminal', async () => {
    const a = await archive();
    await cli(['hold', 'solo', '--reason', 'first'], a.env, { now: () => new Date('2026-11-26T10:00:00.000Z') });
    await cli(['hold', 'solo', '--release'], a.env, { now: () => new Date('2026-11-26T11:00:00.000Z') });

    const all = JSON.parse((await cli(['audit', '--json'], a.env)).stdout) as { entries: Record<string, unknown>[] };
    expect(all.entries).toHaveLength(2);
    expect(Object.keys(all.entries[0]!).sort()).toEqual(['action', 'actor', 'at', 'details', 'id', 'recordingId']);
    expect(all.entries[0]).toMatchObject({ action: 'release', at: '2026-11-26T11:00:00.000Z', recordingId: 'solo' });
    expect(all.entries[1]).toMatchObject({ action: 'hold', at: '2026-11-26T10:00:00.000Z', details: { reason: 'first' } });
    expect(typeof all.entries[0]!.actor).toBe('string');

    const one = JSON.parse((await cli(['audit', '--json', '--limit', '1'], a.env)).stdout) as { entries: { action: string }[] };
    expect(one.entries.map((entry) => entry.action)).toEqual(['release']);

    const table = await cli(['audit'], a.env);
    expect(table.exitCode).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+ACTION\s+ACTOR\s+RECORDING\s+DETAILS$/);
    expect(lines[1]).toMatch(/^2026-11-26T11:00:00Z {2}release /);
    expect(lines[2]).toMatch(/^2026-11-26T10:00:00Z {2}hold /);
    expect(lines[2]).toContain('reason=first');

    const before = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    try {
      const onTerminal = (await cli(['audit'], a.env, { terminal: { columns: 80 } })).stdout.split('\n');
      // 11:00Z is 16:30 in India (UTC+5:30), to the second.
      expect(onTerminal[1]).toMatch(/^2026-11-26 16:30:00 {2}release /);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }

    const bad = await cli(['audit', '--limit', '0'], a.env);
    expect(bad.exitCode).toBe(2);
  });

  test('the table keeps its columns aligned when a name is wider than its length (a CJK token name from serve)', async () => {
    const a = await archive();
    const entry = 'INSERT INTO audit_log (at, action, actor, recording_id, details) VALUES (?, ?, ?, ?, ?)';
    await executeSql(a.db, entry, '2026-11-26T10:00:00.000Z', 'stream', '山田 desk', 'solo', '{}');
    await executeSql(a.db, entry, '2026-11-26T11:00:00.000Z', 'stream', 'ana', 'leg-a', '{}');
    const lines = (await cli(['audit'], a.env)).stdout.trimEnd().split('\n');
    // Where the RECORDING column starts, in terminal columns, on every line.
    const recordingColumn = (line: string, cell: string) => displayWidth(line.slice(0, line.indexOf(cell)));
    expect(lines).toHaveLength(3);
    expect(recordingColumn(lines[2]!, 'solo')).toBe(recordingColumn(lines[0]!, 'RECORDING'));
    expect(recordingColumn(lines[1]!, 'leg-a')).toBe(recordingColumn(lines[0]!, 'RECORDING'));
    expect(lines.every((line) => line === line.trimEnd())).toBe(true);
  });

  test('an empty log says so', async () => {
    const a = await archive();
    const result = await cli(['audit'], a.env);
    expect(result.stdout).toBe('The audit log is empty.\n');
    expect(JSON.parse((await cli(['audit', '--json'], a.env)).stdout)).toEqual({ entries: [] });
  });
});
