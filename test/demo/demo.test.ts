import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/run-cli.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

describe('recordings demo', () => {
  it('syncs from the simulator and shows search, get and stats on real synced data, within 30 s', async () => {
    const dir = tempDir();
    const started = Date.now();
    const result = await spawnCli(['demo'], isolatedEnv(dir), { timeoutMs: 60_000 });
    const elapsed = Date.now() - started;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(elapsed).toBeLessThan(30_000);
    const out = result.stdout;
    expect(out).toMatch(/\$ recordings sync --since 3d/);
    const synced = /Recordings\s+(\d+) seen, (\d+) new/.exec(out);
    expect(Number(synced?.[2])).toBeGreaterThan(50);
    expect(out).toMatch(/\$ recordings search --text reservation --limit 5/);
    expect(out).toMatch(/1–5 of \d+/);
    expect(out).toMatch(/\*\*reserv\w*\*\*/i); // a highlighted match in a snippet
    const top = /\$ recordings get (\S+)/.exec(out)?.[1];
    expect(top).toBeTruthy();
    expect(out).toContain(`Recording   ${top}`);
    expect(out).toMatch(/^\[\d\d:\d\d\] .+: .+/m); // transcript lines
    expect(out).toMatch(/\$ recordings stats/);
    expect(out).toMatch(/Top topics\s+\S+/);
    // The user's own folders are untouched: no config, tokens or database were written there.
    for (const folder of ['config', 'state', 'data']) expect(existsSync(join(dir, folder))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
