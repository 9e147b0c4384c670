import { count, percent, shortDay } from './format.js';
import { type Content, type Html, html } from './html.js';

/**
 * Charts drawn on the server as SVG: no chart library, no script. Bars scale with the page
 * (preserveAspectRatio="none"), text stays HTML so it stays sharp and readable at any width, and
 * every chart has its numbers as text beside it (a table or a list) for screen readers.
 */

/** A round number at or above `n` (1, 2 or 5 × a power of ten) for the top of a scale. */
export function niceCeiling(n: number): number {
  if (n <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  const step = [1, 2, 5, 10].find((m) => m * power >= n) ?? 10;
  return step * power;
}

/** Every calendar day from the first to the last of `days` (`YYYY-MM-DD`), the missing ones at 0. */
export function everyDay(days: readonly { date: string; count: number }[]): { date: string; count: number }[] {
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return [];
  const counts = new Map(days.map((d) => [d.date, d.count]));
  const out: { date: string; count: number }[] = [];
  const end = Date.parse(`${last.date}T00:00:00Z`);
  // A broken date (never written by sync, but read from a database) leaves the days as they are.
  if (Number.isNaN(end) || Number.isNaN(Date.parse(`${first.date}T00:00:00Z`))) return [...days];
  for (let t = Date.parse(`${first.date}T00:00:00Z`); t <= end && out.length < 20_000; t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    out.push({ date, count: counts.get(date) ?? 0 });
  }
  return out;
}

/** Calls per day as columns, with the scale and first/last dates as text and the numbers in a table. */
export function perDayChart(id: string, perDay: readonly { date: string; count: number }[]): Html {
  const days = everyDay(perDay);
  if (days.length === 0) return html`<p class="muted">No calls in this range.</p>`;
  const most = Math.max(...days.map((d) => d.count));
  const top = niceCeiling(most);
  const total = days.reduce((sum, d) => sum + d.count, 0);
  const busiest = days.find((d) => d.count === most);
  const width = days.length * 10;
  const withYear = days[0]?.date.slice(0, 4) !== days.at(-1)?.date.slice(0, 4);
  const description = `${count(total)} calls over ${count(days.length)} days, ${shortDay(days[0]?.date ?? '', true)} to ${shortDay(days.at(-1)?.date ?? '', true)}; the busiest day ${busiest ? `${shortDay(busiest.date, true)} with ${count(most)}` : 'none'}.`;
  return html`<figure class="chart chart-columns">
<div class="chart-plot">
<div class="axis-y" aria-hidden="true"><span>${count(top)}</span><span>${count(top / 2)}</span><span>0</span></div>
<svg class="columns" viewBox="0 0 ${width} 100" preserveAspectRatio="none" role="img" aria-labelledby="${id}-title ${id}-desc">
<title id="${id}-title">Calls per day</title>
<desc id="${id}-desc">${description}</desc>
<line class="gridline" x1="0" x2="${width}" y1="50" y2="50" vector-effect="non-scaling-stroke"/>
<line class="gridline" x1="0" x2="${width}" y1="0.5" y2="0.5" vector-effect="non-scaling-stroke"/>
${days.map((d, i) => {
  const h = (d.count / top) * 100;
  return html`<rect class="bar" x="${i * 10 + 1.5}" y="${(100 - h).toFixed(2)}" width="7" height="${h.toFixed(2)}"><title>${shortDay(d.date, withYear)}: ${count(d.count)}</title></rect>`;
})}
</svg>
<div class="axis-x" aria-hidden="true"><span>${shortDay(days[0]?.date ?? '', withYear)}</span><span>${days.length > 1 ? shortDay(days.at(-1)?.date ?? '', withYear) : ''}</span></div>
</div>
<figcaption class="muted">${description}</figcaption>
<details class="chart-table"><summary>Show as a table</summary>
<table><thead><tr><th scope="col">Day</th><th scope="col" class="num">Calls</th></tr></thead>
<tbody>${perDay.map((d) => html`<tr><td>${d.date}</td><td class="num">${count(d.count)}</td></tr>`)}</tbody></table>
</details>
</figure>`;
}

export interface BarItem {
  label: Content;
  count: number;
  href?: string;
  /** A class for the bar's colour (e.g. `tone-positive`). */
  tone?: string;
}

/** Horizontal bars, one row each: the label (a link when given), the bar, the count and its share of `whole`. */
export function barList(label: string, items: readonly BarItem[], whole: number): Html {
  if (items.length === 0) return html`<p class="muted">None in this range.</p>`;
  const most = Math.max(1, ...items.map((item) => item.count));
  return html`<ul class="bars" aria-label="${label}">${items.map((item) => {
    const w = (item.count / most) * 100;
    return html`<li class="bar-row">
<span class="bar-label">${item.href ? html`<a href="${item.href}">${item.label}</a>` : item.label}</span>
<svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="${item.tone ? `bar ${item.tone}` : 'bar'}" x="0" y="0" width="${w.toFixed(2)}" height="10"/></svg>
<span class="bar-value">${count(item.count)}<span class="bar-share"> · ${percent(item.count, whole)}</span></span>
</li>`;
  })}</ul>`;
}

/** One bar split into shares (the sentiment split), with a legend that carries the numbers. */
export function splitBar(label: string, parts: readonly { name: string; count: number; tone: string }[]): Html {
  const whole = parts.reduce((sum, p) => sum + p.count, 0);
  if (whole === 0) return html`<p class="muted">None in this range.</p>`;
  let x = 0;
  const spoken = parts.map((p) => `${p.name} ${count(p.count)} (${percent(p.count, whole)})`).join(', ');
  return html`<div class="split">
<svg class="split-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${label}: ${spoken}">${parts.map((p) => {
    const w = (p.count / whole) * 100;
    const rect = html`<rect class="${p.tone}" x="${x.toFixed(3)}" y="0" width="${w.toFixed(3)}" height="10"><title>${p.name}: ${count(p.count)} (${percent(p.count, whole)})</title></rect>`;
    x += w;
    return rect;
  })}</svg>
<ul class="legend">${parts.map((p) => html`<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true" focusable="false"><rect class="${p.tone}" width="10" height="10" rx="2"/></svg>${p.name} <strong>${count(p.count)}</strong> <span class="muted">${percent(p.count, whole)}</span></li>`)}</ul>
</div>`;
}
