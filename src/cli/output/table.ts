import Table from 'cli-table3';

export interface TableSpec {
  head: string[];
  /** Cells already made terminal-safe (see terminal-text.ts); they may carry colour codes. */
  rows: string[][];
  color: boolean;
  /** The terminal's width in columns; 100 when stdout is not a terminal. */
  width: number | undefined;
  /** The column that takes whatever width is left (a snippet or summary). */
  flex?: number;
  /** Columns never narrowed, because a cut value is useless (ids people copy, times, numbers). */
  keep?: number[];
}

const DEFAULT_WIDTH = 100;
const MIN_COLUMN = 6;
const FIXED_CAP = 24;
const MIN_FLEX = 20;
const ANSI = /\u001b\[[0-9;]*m/g;
/**
 * Longest cell shown, in characters. cli-table3 wraps a long unbroken word in time that grows with
 * the square of its length: a caller's 1 MB display name hung `search` for minutes.
 */
const MAX_CELL = 2000;

/**
 * A table that fits the terminal: columns keep their natural width when everything fits, otherwise
 * the widest are narrowed to a common cap and their cells wrap.
 */
export function renderTable(spec: TableSpec): string {
  const width = spec.width && spec.width > 20 ? spec.width : DEFAULT_WIDTH;
  const rows = spec.rows.map((row) => row.map(capCell));
  const natural = spec.head.map((head, i) => Math.max(visibleLength(head), ...rows.map((row) => longestLine(row[i] ?? ''))) + 2);
  const table = new Table({
    head: spec.head,
    colWidths: fitWidths(natural, width - (spec.head.length + 1), spec.flex, spec.keep),
    wordWrap: true,
    wrapOnWordBoundary: true,
    // cli-table3 colours its header and borders even when piped, and ignores NO_COLOR.
    style: spec.color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] },
  });
  table.push(...rows);
  return `${table.toString()}\n`;
}

/**
 * Column widths (padding included) that fit `budget`: everything natural when it fits; else the
 * kept columns stay natural, the others keep up to FIXED_CAP and the flex column takes the rest;
 * else the columns that are neither kept nor flex share one common cap, the largest that fits
 * (never under MIN_COLUMN), and the flex column gets at least MIN_FLEX. A table wider than the
 * terminal is better than an id cut in half.
 */
export function fitWidths(natural: number[], budget: number, flex?: number, keep: number[] = []): number[] {
  if (natural.reduce((sum, w) => sum + w, 0) <= budget) return natural;
  const kept = new Set(keep);
  const keptWidth = natural.reduce((sum, w, i) => sum + (kept.has(i) ? w : 0), 0);
  const shrinkable = (cap: number) => natural.reduce((sum, w, i) => sum + (kept.has(i) || i === flex ? 0 : Math.min(w, cap)), 0);
  const flexNatural = flex !== undefined && flex < natural.length ? natural[flex]! : 0;
  if (flex !== undefined && flex < natural.length) {
    const rest = budget - keptWidth - shrinkable(FIXED_CAP);
    if (rest >= MIN_FLEX) {
      return natural.map((w, i) => (kept.has(i) ? w : i === flex ? Math.min(w, rest) : Math.min(w, FIXED_CAP)));
    }
  }
  const flexShare = flex !== undefined && flex < natural.length ? Math.min(flexNatural, MIN_FLEX) : 0;
  let low = MIN_COLUMN;
  let high = Math.max(MIN_COLUMN, ...natural);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (keptWidth + flexShare + shrinkable(mid) <= budget) low = mid;
    else high = mid - 1;
  }
  return natural.map((w, i) => (kept.has(i) ? w : i === flex ? flexShare : Math.min(w, low)));
}

/** A cell cut to MAX_CELL characters, never inside a colour code, colours reset after the cut. */
function capCell(text: string): string {
  if (text.length <= MAX_CELL) return text;
  const cut = text.slice(0, MAX_CELL).replace(/\u001b(\[[0-9;]*)?$/, '');
  return `${cut}${cut.includes('\u001b') ? '\u001b[0m' : ''}…`;
}

function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

function longestLine(text: string): number {
  return Math.max(0, ...text.split('\n').map(visibleLength));
}
