import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CliContext, GlobalOptions, Logger } from '../../src/cli/context.js';
import { DEFAULT_PAGER, type PagerCommand, pagedOutput, pagerCommand } from '../../src/cli/output/pager.js';
import { BACKENDS, useBackend } from '../helpers/backends.js';
import { BIN } from '../helpers/run-cli.js';
import { type SeedRecording, seedDatabaseFile } from '../helpers/seed.js';
import { isolatedEnv, useTempDirs } from '../helpers/temp-dir.js';
import { DATA_SET } from './data-set.js';

/** Paging as git does it (docs/cli.md, "Paging"). */
const tempDir = useTempDirs();

describe('which pager (no archive)', () => {
  test('RECORDINGS_PAGER, else PAGER, else less -FRX; LESS=FRX unless the user set LESS', () => {
    expect(pagerCommand({})).toEqual({ command: DEFAULT_PAGER, env: { LESS: 'FRX', LV: '-c' } });
    expect(DEFAULT_PAGER).toBe('less -FRX');
    expect(pagerCommand({ PAGER: 'more' })?.command).toBe('more');
    expect(pagerCommand({ PAGER: 'more', RECORDINGS_PAGER: 'most -s' })?.command).toBe('most -s');
    expect(pagerCommand({ PAGER: 'less', LESS: '-S' })?.env.LESS).toBe('-S');
  });

  test('an empty pager or cat means none, as in git; an empty RECORDINGS_PAGER wins over PAGER', () => {
    expect(pagerCommand({ PAGER: '' })).toBeNull();
    expect(pagerCommand({ PAGER: ' cat ' })).toBeNull();
    expect(pagerCommand({ PAGER: 'less', RECORDINGS_PAGER: '' })).toBeNull();
  });

  test('only on a terminal, never with --no-pager or TERM=dumb, never without a terminal to hand over', () => {
    const started: PagerCommand[] = [];
    const log: Logger = { error() {}, warn() {}, info() {}, verbose() {} };
    const globals: GlobalOptions = { color: true, pager: true, quiet: false, verbose: false };
    const ctx = (isTTY: boolean, env: Record<string, string> = {}): CliContext => ({
      stdout: { isTTY, write: () => true },
      stderr: { write: () => true },
      env,
      stdinIsTTY: true,
      now: () => new Date(),
      startPager: (pager) => {
        started.push(pager);
        return { sink: { write: () => true }, finish: async () => undefined };
      },
    });
    expect(pagedOutput(ctx(true), globals, log)).not.toBeNull();
    expect(started.map((pager) => pager.command)).toEqual(['less -FRX']);
    expect(pagedOutput(ctx(false), globals, log)).toBeNull();
    expect(pagedOutput(ctx(true), { ...globals, pager: false }, log)).toBeNull();
    expect(pagedOutput(ctx(true, { TERM: 'dumb' }), globals, log)).toBeNull();
    expect(pagedOutput(ctx(true, { PAGER: 'cat' }), globals, log)).toBeNull();
    expect(pagedOutput({ ...ctx(true), startPager: undefined }, globals, log)).toBeNull();
    expect(started).toHaveLength(1);
  });
});

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Many hits: more output than a pipe holds (64 KiB), so a pager that quits early makes writes fail. */
function manySeeds(count: number): SeedRecording[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `27001${String(i).padStart(8, '0')}`,
    startTime: new Date(Date.UTC(2026, 10, 1) + i * 600_000).toISOString(),
    from: { name: `Caller number ${i}`, phoneNumber: '+14155550100' },
    lines: [`Guest: I would like a reservation for ${i} people, by the window if you have a table there`],
  }));
}

interface PtyResult {
  exitCode: number;
  /** What the terminal showed: CRLF made LF, terminal control sequences (less's keypad mode) left out. */
  screen: string;
}

/**
 * Runs a shell command line on a real pseudo-terminal 80 columns wide (util-linux `script`), as a
 * person would type it; `$R` in it is bin/recordings.
 */
function onPty(line: string, env: Record<string, string | undefined>): Promise<PtyResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', `stty cols 80 rows 24; ${line}`, '/dev/null'], {
      env: { ...env, R: BIN } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => out.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? -1, screen: Buffer.concat(out).toString('utf8').replace(/\u001b(\[[0-9;?]*[A-Za-z]|[=>])/g, '').replace(/\r/g, '') });
    });
  });
}

/** An archive, and a pager script that notes in a log that it ran (and with which LESS), then shows its input. */
async function rig(seeds: SeedRecording[] = DATA_SET) {
  const dir = tempDir();
  const db = await seedDatabaseFile(dir, seeds);
  const log = join(dir, 'pager.log');
  const pager = join(dir, 'note-pager');
  writeFileSync(pager, `#!/bin/sh\necho "paged, LESS=$LESS, args: $*" >> '${log}'\ncat\n`);
  chmodSync(pager, 0o755);
  const env = isolatedEnv(dir, { RECORDINGS_DB: db, NO_COLOR: '1', TERM: 'xterm-256color', TZ: 'America/Los_Angeles', PAGER: pager });
  const paged = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
  return { dir, env, pager, paged };
}

describe.skipIf(!hasScript).each(BACKENDS)('on a real terminal (%s)', (backend) => {
  useBackend(backend);

  test('search, get, stats and audit go through $PAGER; what it shows is the 80-column listing in local time', async () => {
    const r = await rig();
    const search = await onPty('"$R" search --text reservation', r.env);
    expect(search.exitCode).toBe(0);
    expect(r.paged()).toBe('paged, LESS=FRX, args: \n');
    expect(search.screen).toMatch(/^Id +Start +Dir +Length +From → To$/m);
    // rec-1 started at 15:00Z on the 20th: 07:00 in Los Angeles.
    expect(search.screen).toMatch(/^rec-1 +2026-11-20 07:00 {2}in /m);
    for (const line of search.screen.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    for (const args of ['get rec-1', 'stats', 'audit']) expect((await onPty(`"$R" ${args}`, r.env)).exitCode).toBe(0);
    expect(r.paged().split('\n').filter(Boolean)).toHaveLength(4);
  });

  test('a pager command with arguments, RECORDINGS_PAGER over PAGER, and the user LESS kept', async () => {
    const r = await rig();
    const result = await onPty('"$R" stats', { ...r.env, RECORDINGS_PAGER: `${r.pager} --one "two words"`, PAGER: 'false', LESS: '-S' });
    expect(result.exitCode).toBe(0);
    expect(r.paged()).toBe('paged, LESS=-S, args: --one two words\n');
    expect(result.screen).toMatch(/^Recordings {12}6$/m);
  });

  test('never when piped, with --no-pager, with PAGER=cat, or for a command that prints only an error', async () => {
    const r = await rig();
    const piped = await onPty('"$R" search --text reservation | cat', r.env);
    expect(piped.exitCode).toBe(0);
    // Piped: ISO UTC, not local time.
    expect(piped.screen).toMatch(/^rec-1 +2026-11-20T15:00:00Z {2}in /m);
    expect((await onPty('"$R" --no-pager search --text reservation', r.env)).screen).toContain('rec-1');
    expect((await onPty('"$R" stats', { ...r.env, PAGER: 'cat' })).screen).toContain('Recordings');
    const missing = await onPty('"$R" get no-such-id', r.env);
    expect(missing.exitCode).toBe(4);
    expect(missing.screen).toContain("recordings: no recording, call or session with id 'no-such-id'");
    expect(r.paged()).toBe('');
  });

  test('a pager that is not installed: one warning, the output printed directly, exit 0', async () => {
    const r = await rig();
    const result = await onPty('"$R" search --text reservation', { ...r.env, PAGER: join(r.dir, 'no-such-pager') });
    expect(result.exitCode).toBe(0);
    expect(result.screen).toMatch(/^recordings: warning: cannot start the pager '.*no-such-pager' \(ENOENT\): printing without it/m);
    expect(result.screen).toMatch(/^rec-1 +2026-11-20 07:00/m);
    expect(result.screen).not.toMatch(/\n\s+at /);
  });

  test('a pager quit before the end (q: its input closes) is no error: exit 0, no stack trace', async () => {
    const r = await rig(manySeeds(600));
    // `head -c 1` reads the first byte, so the write has begun, and leaves: the rest meets EPIPE.
    for (const pager of ['head -c 1 > /dev/null', 'head -n 3', 'true', 'exit 7;']) {
      const result = await onPty('"$R" search --text reservation --limit 600; echo "exit=$?"', { ...r.env, PAGER: pager });
      expect(result.screen, pager).toMatch(/^exit=0$/m);
      expect(result.screen, pager).not.toMatch(/EPIPE|Error|\n\s+at /);
    }
  });

  test('the default pager, less -FRX, shows a short result and quits by itself', async () => {
    const r = await rig();
    const hasLess = await onPty('command -v less', r.env);
    if (!hasLess.screen.trim()) return;
    const result = await onPty('"$R" stats; echo "exit=$?"', { ...r.env, PAGER: undefined });
    expect(result.screen).toMatch(/^Recordings {12}6$/m);
    expect(result.screen).toMatch(/^exit=0$/m);
  });
});
