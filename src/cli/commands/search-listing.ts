import type { Party } from '../../db/row-types.js';
import { MATCH_END, MATCH_START, type SearchHit } from '../../db/queries/search.js';
import { type TimeFormatter, clockDuration, terminalSafe } from '../output/index.js';
import { cutToWidth, displayWidth, wrapWords } from '../output/text-width.js';
import { MARK_END, MARK_START } from '../../query/json-shapes.js';

/** Colours for a terminal that shows them; null fields leave the text plain. */
export interface ListingColours {
  match: (text: string) => string;
  heading: (text: string) => string;
  faint: (text: string) => string;
}

export interface ListingOptions {
  /** The terminal's width in columns, or null when piped: lines are then never wrapped or cut. */
  width: number | null;
  colours: ListingColours | null;
  times: TimeFormatter;
}

const GAP = '  ';
/** The snippet's indent: it reads as belonging to the line above, and the ids stand out. */
const SNIPPET_INDENT = '    ';
/** Narrower than this, the parties get their own line instead of sharing the first. */
const MIN_PARTIES_WIDTH = 24;
/** A display name is cut here whatever the width: a caller's 1 MB name must not fill the screen. */
const MAX_NAME_WIDTH = 60;
/** A snippet is at most this many lines; FTS5 snippets are ~16 words, previews 160 characters. */
const MAX_SNIPPET_LINES = 4;
/** Below this the terminal is narrower than any sensible layout: lay out for this and let it wrap. */
const MIN_WIDTH = 40;
const MARKERS = new RegExp(`[${MATCH_START}${MATCH_END}]`, 'g');
const PAINTED = new RegExp(`${MATCH_START}([^${MATCH_END}]*)${MATCH_END}`, 'g');

/**
 * Search hits as a listing that reads at 80 columns (docs/cli.md, "recordings search"): a header,
 * then per hit one line of id, start, direction, length and parties, and the snippet on its own
 * indented line below. When the parties do not fit, `→ to` continues on a second line under
 * `from`; names are cut before numbers, which are never cut.
 */
export function renderListing(hits: readonly SearchHit[], options: ListingOptions): string {
  const width = options.width === null ? null : Math.max(options.width, MIN_WIDTH);
  const rows = hits.map((hit) => ({
    id: terminalSafe(hit.id),
    start: options.times.at(hit.startTime),
    dir: hit.direction === 'Inbound' ? 'in' : hit.direction === 'Outbound' ? 'out' : terminalSafe(hit.direction),
    length: clockDuration(hit.durationSeconds),
    from: party(hit.from),
    to: party(hit.to),
    hit,
  }));
  const head = { id: 'Id', start: 'Start', dir: 'Dir', length: 'Length' };
  const columnWidth = (key: keyof typeof head) => Math.max(displayWidth(head[key]), ...rows.map((row) => displayWidth(row[key])));
  const widths = { id: columnWidth('id'), start: columnWidth('start'), dir: columnWidth('dir'), length: columnWidth('length') };
  const facts = (id: string, start: string, dir: string, length: string, right = false) =>
    [pad(id, widths.id), pad(start, widths.start), pad(dir, widths.dir), right ? padStart(length, widths.length) : pad(length, widths.length)].join(GAP) + GAP;
  const prefixWidth = displayWidth(facts('', '', '', ''));
  const partiesInline = width === null || width - prefixWidth >= MIN_PARTIES_WIDTH;

  const heading = options.colours?.heading ?? ((text: string) => text);
  const lines = [heading(`${facts(head.id, head.start, head.dir, head.length)}${partiesInline ? 'From → To' : ''}`.trimEnd())];
  for (const row of rows) {
    const prefix = facts(row.id, row.start, row.dir, row.length, true);
    if (partiesInline) {
      const [first, ...rest] = partyLines(row.from, row.to, width === null ? null : width - prefixWidth);
      lines.push(`${prefix}${first}`, ...rest.map((line) => `${' '.repeat(prefixWidth)}${line}`));
    } else {
      lines.push(prefix.trimEnd(), ...partyLines(row.from, row.to, width! - SNIPPET_INDENT.length).map((line) => `${SNIPPET_INDENT}${line}`));
    }
    lines.push(...snippetLines(row.hit, width === null ? null : width - SNIPPET_INDENT.length, options.colours).map((line) => `${SNIPPET_INDENT}${line}`));
  }
  return `${lines.join('\n')}\n`;
}

/** A party as the listing shows it: a name, and a number or extension. */
interface ShownParty {
  name: string | null;
  number: string | null;
}

function party(row: Party): ShownParty {
  const number = row.phoneNumber ?? (row.extensionNumber ? `ext ${row.extensionNumber}` : null);
  return { name: row.name ? cutToWidth(terminalSafe(row.name), MAX_NAME_WIDTH) : null, number: number ? terminalSafe(number) : null };
}

/** `from → to` on one line when it fits `width`, else `from` and `→ to` on two. */
function partyLines(from: ShownParty, to: ShownParty, width: number | null): string[] {
  const both = `${partyText(from, null)} → ${partyText(to, null)}`;
  if (width === null || displayWidth(both) <= width) return [both];
  return [partyText(from, width), `→ ${partyText(to, width - 2)}`];
}

/** Name and number within `width`: the name is cut, the number never (a cut number is useless). */
function partyText(p: ShownParty, width: number | null): string {
  const whole = [p.name, p.number].filter(Boolean).join(' ') || '-';
  if (width === null || displayWidth(whole) <= width || !p.name) return whole;
  if (!p.number) return cutToWidth(p.name, width);
  const room = width - displayWidth(p.number) - 1;
  return room >= 4 ? `${cutToWidth(p.name, room)} ${p.number}` : p.number;
}

/**
 * The snippet (matches painted, or between ** without colour) and, when the transcript is not
 * ready, its status, wrapped to `width`. A match cut by a line break is painted on both lines.
 */
function snippetLines(hit: SearchHit, width: number | null, colours: ListingColours | null): string[] {
  const safe = hit.snippet === null ? '' : terminalSafe(hit.snippet);
  const status = hit.transcriptStatus === 'ready' ? '' : `(transcript ${terminalSafe(hit.transcriptStatus)})`;
  if (!colours) {
    const text = [safe.replace(MARKERS, (m) => (m === MATCH_START ? MARK_START : MARK_END)), status].filter(Boolean).join(' ');
    return wrapAtMost(text, width, displayWidth);
  }
  const measure = (text: string) => displayWidth(text.replace(MARKERS, ''));
  let inMatch = false;
  const painted = wrapAtMost(safe, width, measure).map((line) => {
    const opened = inMatch ? `${MATCH_START}${line}` : line;
    for (const char of line) if (char === MATCH_START || char === MATCH_END) inMatch = char === MATCH_START;
    const closed = inMatch ? `${opened}${MATCH_END}` : opened;
    return closed.replace(PAINTED, (_, word: string) => colours.match(word)).replace(MARKERS, '');
  });
  if (!status) return painted;
  const last = painted.at(-1);
  if (last !== undefined && (width === null || displayWidth(last) + 1 + status.length <= width)) return [...painted.slice(0, -1), `${last} ${colours.faint(status)}`];
  return [...painted, colours.faint(status)];
}

/** Wrapped to `width` (not at all when null), at most MAX_SNIPPET_LINES, the last one ending in … when cut. */
function wrapAtMost(text: string, width: number | null, measure: (text: string) => number): string[] {
  if (text === '') return [];
  if (width === null) return [text];
  const lines = wrapWords(text, width, measure);
  if (lines.length <= MAX_SNIPPET_LINES) return lines;
  let last = lines[MAX_SNIPPET_LINES - 1]!;
  while (last !== '' && measure(last) + 2 > width) last = [...last].slice(0, -1).join('');
  return [...lines.slice(0, MAX_SNIPPET_LINES - 1), `${last} …`];
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
