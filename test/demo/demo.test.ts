import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, spawnCli } from '../helpers/run-cli.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

describe('recordings demo (SQLite only: its own file)', () => {
  it('syncs from the simulator and shows search, get and stats on real synced data, within 30 s', async () => {
    const dir = tempDir();
    // `recordings` on PATH is this install, as after `npm install -g .` (src/cli/how-to-run.test.ts
    // covers a clone, where it is not).
    const globalBin = join(tempDir(), 'bin');
    mkdirSync(globalBin);
    symlinkSync(BIN, join(globalBin, 'recordings'));
    const started = Date.now();
    const result = await spawnCli(['demo'], isolatedEnv(dir, { PATH: `${globalBin}:${process.env.PATH ?? ''}` }), { timeoutMs: 60_000 });
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
    expect(out).toMatch(/^ {2}recordings simulator$/m);
    expect(out).toContain('  recordings sync && recordings search --text "gift card"\n');
    // The user's own folders are untouched: no config, tokens or database were written there.
    for (const folder of ['config', 'state', 'data']) expect(existsSync(join(dir, folder))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('in a clone, where `recordings` is not on PATH, its closing hint says npx recordings', async () => {
    const dir = tempDir();
    // A PATH with node and nothing else: no `recordings` anywhere on it.
    const nodeOnly = join(tempDir(), 'bin');
    mkdirSync(nodeOnly);
    symlinkSync(process.execPath, join(nodeOnly, 'node'));
    const clone = dirname(dirname(fileURLToPath(import.meta.url)));
    const result = await spawnCli(['demo', '--calls', '20'], isolatedEnv(dir, { PATH: nodeOnly }), { cwd: clone, timeoutMs: 60_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}npx recordings simulator$/m);
    expect(result.stdout).toContain('  npx recordings sync && npx recordings search --text "gift card"\n');
  });
});
