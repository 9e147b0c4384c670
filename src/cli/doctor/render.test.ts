import { describe, expect, it } from 'vitest';
import { type CheckResult, fail, pass, warn } from './check.js';
import { renderChecks } from './render.js';

const RESULTS: CheckResult[] = [
  pass('config', 'config file', 'no config file at /var/lib/recordings/.config/recordings/config.json: using the defaults and the RC_* environment variables'),
  fail(
    'credentials.present',
    'credentials',
    'not set: the client id (RC_APP_CLIENT_ID or ringcentral.clientId), the client secret (RC_APP_CLIENT_SECRET or ringcentral.clientSecret)',
    'set RC_APP_CLIENT_ID, RC_APP_CLIENT_SECRET and RC_USER_JWT in the environment, or their keys in the config file',
    'credentials',
  ),
  warn('player', 'audio player', 'no audio player found (looked for mpv, ffplay, vlc, afplay, xdg-open on PATH)', 'install mpv or set RECORDINGS_PLAYER'),
];

/** Where the text beside the titles starts: mark, space, the longest title, two spaces. */
const TEXT_COLUMN = 2 + 'audio player'.length + 2;

describe('doctor output', () => {
  it('wraps to 80 columns without breaking a word, continuation lines under their text', () => {
    const lines = renderChecks(RESULTS, false, 80).trimEnd().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    // Every word of every message and fix is there, whole and in order.
    const words = (text: string) => text.split(/\s+/).filter(Boolean);
    const expected = RESULTS.flatMap((r) => [...words(r.message), ...(r.status === 'pass' ? [] : ['fix:', ...words(r.fix ?? '')])]);
    const shown = lines.slice(0, -2).flatMap((line) => (/^[✓✗!-] /.test(line) ? words(line.slice(TEXT_COLUMN)) : words(line)));
    expect(shown).toEqual(expected);

    const credentials = lines.findIndex((line) => line.startsWith('✗ credentials'));
    const fixLine = lines.findIndex((line, i) => i > credentials && line.trimStart().startsWith('fix: '));
    expect(fixLine - credentials).toBeGreaterThan(1); // the message took more than one line
    for (let i = credentials + 1; i < fixLine; i++) expect(lines[i]).toMatch(new RegExp(`^ {${TEXT_COLUMN}}\\S`));
    expect(lines[fixLine]).toMatch(new RegExp(`^ {${TEXT_COLUMN}}fix: \\S`));
    expect(lines[fixLine + 1]).toMatch(new RegExp(`^ {${TEXT_COLUMN + 'fix: '.length}}\\S`)); // under the fix's text
    expect(lines.at(-1)).toBe('1 check failed, 1 warning.');
  });

  it('puts the text under the titles when the terminal is too narrow to have it beside them', () => {
    const lines = renderChecks(RESULTS, false, 40).trimEnd().split('\n');
    for (const line of lines) if (!line.includes('/var/lib/recordings')) expect(line.length, line).toBeLessThanOrEqual(40);
    expect(lines[0]).toBe('✓ config file');
    expect(lines[1]).toMatch(/^ {4}no config file at$/);
  });

  it('keeps each message on one line without a width (piped output)', () => {
    const lines = renderChecks(RESULTS, false).trimEnd().split('\n');
    expect(lines).toHaveLength(RESULTS.length + 2 + 2);
    expect(lines[0]).toBe(`✓ config file   ${RESULTS[0]!.message}`);
  });

  it('never breaks a word longer than the line: it overflows on a line of its own', () => {
    const path = `/srv/${'a'.repeat(90)}/recordings.db`;
    const lines = renderChecks([fail('modes.database', 'database file modes', `${path} is 0644: others can read it`, `chmod 600 ${path}`)], false, 80).split('\n');
    expect(lines.filter((line) => line.includes(path))).toHaveLength(2);
  });
});
