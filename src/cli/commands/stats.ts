import type { Stats } from '../../db/queries/stats.js';
import { parseTimeRange } from '../../query/dates.js';
import type { CommandFunction } from '../invocation.js';
import { openDatabase } from '../open-database.js';
import { type TimeFormatter, safeJson, terminalSafe, timeFormatter } from '../output/index.js';

export interface StatsOptions {
  from?: string;
  to?: string;
  json?: boolean;
}

/** `recordings stats`: totals over an optional start-time range, all counted by the database (docs/cli.md, "`recordings stats`"). */
export const statsCommand: CommandFunction<StatsOptions> = async (invocation, options) => {
  const range = parseTimeRange(options.from, options.to, invocation.ctx.now());
  const { store } = await openDatabase(invocation);
  let stats: Stats;
  try {
    stats = await store.stats(range);
  } finally {
    await store.close();
  }
  const out = invocation.ctx.stdout;
  if (options.json) {
    out.write(`${safeJson(stats, 2)}\n`);
    return 0;
  }
  out.write(`${describe(stats, timeFormatter(out, invocation.ctx.now())).join('\n')}\n`);
  return 0;
};

function describe(st: Stats, times: TimeFormatter): string[] {
  const percent = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .map(([name, n]) => `${terminalSafe(name)} ${n}`)
      .join(', ') || 'none';
  const lines = [
    `Recordings            ${st.recordings}`,
    `With transcript       ${st.withTranscript}`,
    `Transcript success    ${percent(st.transcriptSuccessRate)}`,
    `Average confidence    ${st.averageConfidence === null ? 'n/a' : st.averageConfidence.toFixed(3)}`,
    `Average duration      ${st.averageDurationSeconds === null ? 'n/a' : `${Math.round(st.averageDurationSeconds)} s`}`,
    `Sentiment             ${counts(st.sentiment)}`,
    `By direction          ${counts(st.byDirection)}`,
    `By transcript status  ${counts(st.byTranscriptStatus)}`,
    `Top topics            ${st.topTopics.map((t) => `${terminalSafe(t.topic)} ${t.count}`).join(', ') || 'none'}`,
    `Last sync             ${st.lastSync ? `${times.atAndAge(st.lastSync.time)} ${terminalSafe(st.lastSync.status)}${st.lastSync.error ? ` — ${terminalSafe(st.lastSync.error)}` : ''}` : 'none yet'}`,
  ];
  if (st.perDay.length > 0) {
    lines.push('', 'Calls per day');
    const most = Math.max(...st.perDay.map((d) => d.count));
    for (const day of st.perDay) {
      const bar = '#'.repeat(Math.max(1, Math.round((day.count / most) * 40)));
      lines.push(`  ${day.date}  ${String(day.count).padStart(6)}  ${bar}`);
    }
  }
  return lines;
}
