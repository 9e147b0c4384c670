import { execFile } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

describe('the lock file (no archive)', () => {
  // A clean machine installs with `npm ci`, which refuses a lock file that `npm install` wrote but
  // cannot satisfy (an optional dependency the registry lacks, say); this finds that before CI does.
  it('satisfies npm ci: package.json and package-lock.json alone, nothing installed', async () => {
    const dir = tempDir();
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(file, join(dir, file));
    const run = await promisify(execFile)('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
    );
    expect(run.stderr.split('\n').filter((line) => /Missing|Invalid|EUSAGE/.test(line))).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
  }, 60_000);
});
