import { terminalSafe } from '../output/index.js';
import { wrapWords } from '../output/wrap.js';
import type { CheckResult, CheckStatus } from './check.js';

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '!', skip: '-' };
const COLOUR: Record<CheckStatus, string> = { pass: '\u001b[32m', fail: '\u001b[31m', warn: '\u001b[33m', skip: '\u001b[2m' };
const RESET = '\u001b[0m';
const FIX = 'fix: ';
/** Below this many columns beside the titles, the text goes under each title instead. */
const MIN_TEXT_COLUMNS = 30;
/** The text's indent under its title in that stacked layout. */
const STACKED_INDENT = 4;

/**
 * One line per check (mark, title, message), then its fix below, then a tally. Given a width, the
 * text is word-wrapped to it and every continuation line starts under the text it continues (the
 * terminal's own wrapping would split words and restart at column 0); without one, each message
 * and fix stays on one line.
 */
export function renderChecks(results: readonly CheckResult[], color: boolean, width: number | null = null): string {
  const titleWidth = Math.max(...results.map((result) => result.title.length));
  const besideTitles = 2 + titleWidth + 2;
  const stacked = width !== null && width - besideTitles < MIN_TEXT_COLUMNS;
  const textIndent = stacked ? STACKED_INDENT : besideTitles;
  const wrap = (text: string, indent: number) => (width === null ? [text] : wrapWords(text, width - indent));

  const lines: string[] = [];
  for (const result of results) {
    const mark = color ? `${COLOUR[result.status]}${MARK[result.status]}${RESET}` : MARK[result.status];
    const message = wrap(terminalSafe(result.message), textIndent);
    if (stacked) lines.push(`${mark} ${result.title}`, ...indented(message, textIndent));
    else lines.push(`${mark} ${result.title.padEnd(titleWidth)}  ${message[0] ?? ''}`, ...indented(message.slice(1), textIndent));
    if (result.fix && (result.status === 'fail' || result.status === 'warn')) {
      const [first, ...rest] = wrap(terminalSafe(result.fix), textIndent + FIX.length);
      lines.push(`${' '.repeat(textIndent)}${FIX}${first ?? ''}`, ...indented(rest, textIndent + FIX.length));
    }
  }
  const failed = results.filter((result) => result.status === 'fail').length;
  const warned = results.filter((result) => result.status === 'warn').length;
  lines.push(
    '',
    failed === 0
      ? `All checks passed${warned > 0 ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}.`
      : `${failed} check${failed === 1 ? '' : 's'} failed${warned > 0 ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}

function indented(lines: readonly string[], indent: number): string[] {
  return lines.map((line) => `${' '.repeat(indent)}${line}`);
}
