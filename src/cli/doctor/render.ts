import { terminalSafe } from '../output/index.js';
import type { CheckResult, CheckStatus } from './check.js';

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '!', skip: '-' };
const COLOUR: Record<CheckStatus, string> = { pass: '\u001b[32m', fail: '\u001b[31m', warn: '\u001b[33m', skip: '\u001b[2m' };
const RESET = '\u001b[0m';

/** One line per check (mark, title, message), then its fix indented below, then a tally. */
export function renderChecks(results: readonly CheckResult[], color: boolean): string {
  const width = Math.max(...results.map((result) => result.title.length));
  const lines: string[] = [];
  for (const result of results) {
    const mark = color ? `${COLOUR[result.status]}${MARK[result.status]}${RESET}` : MARK[result.status];
    lines.push(`${mark} ${result.title.padEnd(width)}  ${terminalSafe(result.message)}`);
    if (result.fix && (result.status === 'fail' || result.status === 'warn')) lines.push(`  ${' '.repeat(width)}  fix: ${terminalSafe(result.fix)}`);
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
