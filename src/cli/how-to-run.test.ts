import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandForThisInstall } from './how-to-run.js';

describe('commandForThisInstall', () => {
  let dir: string;
  /** A stand-in install: <clone>/bin/recordings, as in a clone of the repository. */
  let clone: string;
  let launcher: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rec-how-'));
    clone = join(dir, 'clone');
    mkdirSync(join(clone, 'bin'), { recursive: true });
    mkdirSync(join(clone, 'src'));
    launcher = join(clone, 'bin', 'recordings');
    writeFileSync(launcher, '#!/bin/sh\n', { mode: 0o755 });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A PATH folder whose `recordings` is a symlink to the given file, as `npm install -g` or `npm link` make. */
  function pathFolder(name: string, target: string): string {
    const folder = join(dir, name);
    mkdirSync(folder);
    symlinkSync(target, join(folder, 'recordings'));
    return folder;
  }

  it('is the bare name when PATH finds this install', () => {
    const global = pathFolder('global-bin', launcher);
    expect(commandForThisInstall({ PATH: `/nonexistent:${global}` }, dir, launcher)).toBe('recordings');
  });

  it('is npx inside the package folder when the name is not on PATH (a clone after npm install)', () => {
    expect(commandForThisInstall({ PATH: '/nonexistent' }, clone, launcher)).toBe('npx recordings');
    expect(commandForThisInstall({ PATH: '' }, join(clone, 'src'), launcher)).toBe('npx recordings');
  });

  it('does not send the user to another install that PATH finds first', () => {
    const other = join(dir, 'other', 'bin', 'recordings');
    mkdirSync(join(dir, 'other', 'bin'), { recursive: true });
    writeFileSync(other, '#!/bin/sh\n', { mode: 0o755 });
    const path = `${pathFolder('old-global', other)}:${pathFolder('global-bin', launcher)}`;
    expect(commandForThisInstall({ PATH: path }, clone, launcher)).toBe('npx recordings');
    expect(commandForThisInstall({ PATH: path }, dir, launcher)).toBe(launcher);
  });

  it('skips a file of that name the shell would not run (not executable)', () => {
    const folder = join(dir, 'junk');
    mkdirSync(folder);
    writeFileSync(join(folder, 'recordings'), 'not a program');
    chmodSync(join(folder, 'recordings'), 0o644);
    expect(commandForThisInstall({ PATH: `${folder}:${pathFolder('global-bin', launcher)}` }, dir, launcher)).toBe('recordings');
  });

  it('is the launcher’s path elsewhere, quoted for the shell when it needs to be', () => {
    expect(commandForThisInstall({ PATH: '/nonexistent' }, dir, launcher)).toBe(launcher);
    const spaced = join(dir, 'My Tools', 'bin', 'recordings');
    mkdirSync(join(dir, 'My Tools', 'bin'), { recursive: true });
    writeFileSync(spaced, '#!/bin/sh\n', { mode: 0o755 });
    expect(commandForThisInstall({ PATH: '/nonexistent' }, dir, spaced)).toBe(`'${spaced}'`);
  });
});
