/** The benchmark's table: one line per figure, beside its floor or baseline and its goal. */
export interface Row {
  size: string;
  measure: string;
  value: string;
  /** Second figure where there is one (p95, peak RSS …). */
  extra: string;
  baseline: string;
  /** value / baseline, where both are times (× slower than the floor) or rates. */
  ratio: string;
  goal: string;
  /** 'yes' | 'NO' | '' (no goal at this size). */
  met: string;
}

export function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : value >= 10 ? `${value.toFixed(1)} ms` : `${value.toFixed(2)} ms`;
}

export function ratio(value: number, baseline: number): string {
  return baseline > 0 ? `${(value / baseline).toFixed(2)}×` : '';
}

export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function sizeLabel(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000}k`;
  return String(n);
}

const HEAD: Row = { size: 'size', measure: 'measure', value: 'value', extra: 'p95 / peak', baseline: 'floor / baseline', ratio: 'ratio', goal: 'goal', met: 'met' };

/** A Markdown table (readable as plain text too). */
export function renderTable(rows: Row[]): string {
  const keys = Object.keys(HEAD) as (keyof Row)[];
  const widths = keys.map((k) => Math.max(HEAD[k].length, ...rows.map((r) => r[k].length)));
  const line = (r: Row) => `| ${keys.map((k, i) => r[k].padEnd(widths[i]!)).join(' | ')} |`;
  return [line(HEAD), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
