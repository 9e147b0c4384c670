import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import { splitCommandLine } from '../../src/cli/stream/command-line.js';
import { choosePlayer } from '../../src/cli/stream/player.js';
import { playerEnvironment } from '../../src/cli/stream/player-environment.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

function binDir(...programs: string[]): string {
  const dir = tempDir();
  for (const name of programs) {
    writeFileSync(join(dir, name), '#!/bin/sh\n');
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

describe('splitCommandLine (no archive)', () => {
  it('splits on whitespace and honours quotes and backslashes, without a shell', () => {
    expect(splitCommandLine('mpv --no-video', '--player')).toEqual(['mpv', '--no-video']);
    expect(splitCommandLine(`  "/opt/My Player/play"   -q 'a b' c\\ d "x\\"y" ''`, '--player')).toEqual([
      '/opt/My Player/play',
      '-q',
      'a b',
      'c d',
      'x"y',
      '',
    ]);
    expect(splitCommandLine('mpv $(rm -rf ~); echo `id` | sh', '--player')).toEqual(['mpv', '$(rm', '-rf', '~);', 'echo', '`id`', '|', 'sh']);
  });

  it('refuses an empty command and unbalanced quotes', () => {
    expect(() => splitCommandLine('   ', '--player')).toThrow(UsageError);
    expect(() => splitCommandLine('mpv "--no-video', '--player')).toThrow(/unbalanced double quote/);
  });
});

describe('playerEnvironment (no archive)', () => {
  it('drops RC_* variables, credential-like names, JWT-shaped values and known secrets; keeps the rest', () => {
    const env = playerEnvironment(
      {
        PATH: '/usr/bin',
        HOME: '/home/me',
        DISPLAY: ':0',
        XAUTHORITY: '/run/user/1000/xauth',
        RC_USER_JWT: 'x',
        rc_app_client_secret: 'y',
        RC_SERVER_URL: 'https://platform.ringcentral.com',
        GITHUB_TOKEN: 'ghp_x',
        DB_PASSWORD: 'p',
        AWS_SECRET_ACCESS_KEY: 's',
        SOMETHING: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
        OTHER: 'prefix-TheAppSecret123-suffix',
        LANG: 'en_US.UTF-8',
      },
      ['TheAppSecret123'],
    );
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/me', DISPLAY: ':0', XAUTHORITY: '/run/user/1000/xauth', LANG: 'en_US.UTF-8' });
  });
});

describe('choosePlayer (no archive)', () => {
  it('takes the first default player found on PATH, with its arguments', () => {
    const first = binDir('vlc');
    const second = binDir('ffplay', 'mpv');
    const player = choosePlayer({ option: undefined, configured: null, env: { PATH: `relative/dir::${first}:${second}` }, platform: 'linux' });
    expect(player.program).toBe(join(second, 'mpv'));
    expect(player.args).toEqual(['--no-video']);
    expect(choosePlayer({ option: undefined, configured: null, env: { PATH: first }, platform: 'linux' })).toMatchObject({
      program: join(first, 'vlc'),
      args: ['--play-and-exit'],
    });
  });

  it('uses xdg-open on Linux but not `open` (openvt there), and `open` on macOS', () => {
    const dir = binDir('open', 'xdg-open');
    expect(choosePlayer({ option: undefined, configured: null, env: { PATH: dir }, platform: 'linux' }).program).toBe(join(dir, 'xdg-open'));
    expect(choosePlayer({ option: undefined, configured: null, env: { PATH: binDir('open') }, platform: 'darwin' }).args).toEqual([]);
    expect(() => choosePlayer({ option: undefined, configured: null, env: { PATH: binDir('open') }, platform: 'linux' })).toThrow(/no audio player found/);
  });

  it('--player beats the configured player, which beats discovery; unknown programs are a usage error', () => {
    const dir = binDir('mpv', 'myplayer', 'other');
    const env = { PATH: dir };
    expect(choosePlayer({ option: 'myplayer --fast', configured: 'other', env })).toMatchObject({ program: join(dir, 'myplayer'), args: ['--fast'] });
    expect(choosePlayer({ option: undefined, configured: 'other -x', env })).toMatchObject({ program: join(dir, 'other'), args: ['-x'] });
    expect(() => choosePlayer({ option: 'nosuchplayer', configured: null, env })).toThrow(/'nosuchplayer' is not an executable program on PATH/);
    expect(() => choosePlayer({ option: join(dir, 'missing'), configured: null, env })).toThrow(UsageError);
  });
});
