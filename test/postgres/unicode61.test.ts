import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { WORD_MARKER } from '../../src/db/postgres/text-search-names.js';
import { UNICODE61_DIACRITICS, UNICODE61_SEPARATOR_RANGES, unicode61Folds } from '../../src/db/postgres/unicode61.js';

/**
 * The code points to read: every one of planes 0 and 1 and of the tags and variation selectors
 * (U+E0000–U+E0FFF), where unicode61's tables have entries, and a sample of the rest, which belong
 * to words as they are.
 */
const CODE_POINTS: number[] = [];
for (let code = 1; code <= 0x10ffff; code++) {
  const listed = code < 0x20000 || (code >= 0xe0000 && code <= 0xe0fff);
  if ((listed || code % 251 === 0) && (code < 0xd800 || code > 0xdfff)) CODE_POINTS.push(code);
}

/** Each of CODE_POINTS as SQLite's `unicode61 remove_diacritics 2` tokenizer treats it: a separator, or what it folds to. */
function readFromSqlite(): { separators: number[]; folds: Map<number, string> } {
  const db = new BetterSqlite3(':memory:');
  db.exec(`CREATE VIRTUAL TABLE probe USING fts5(x, tokenize = 'unicode61 remove_diacritics 2');
           CREATE VIRTUAL TABLE terms USING fts5vocab(probe, 'instance');`);
  const separators: number[] = [];
  const folds = new Map<number, string>();
  const insert = db.prepare('INSERT INTO probe (rowid, x) VALUES (1, ?)');
  const read = db.prepare('SELECT term FROM terms ORDER BY offset').pluck();
  for (let start = 0; start < CODE_POINTS.length; start += 50_000) {
    const chunk = CODE_POINTS.slice(start, start + 50_000);
    db.exec('DELETE FROM probe');
    // Each code point between two q's: one token qXq when it belongs to words, two (q, q) when it separates them.
    insert.run(chunk.map((code) => `q${String.fromCodePoint(code)}q`).join(' '));
    const terms = read.all() as string[];
    let at = 0;
    for (const code of chunk) {
      if (terms[at] === 'q') {
        separators.push(code);
        at += 2;
      } else {
        const folded = terms[at]!.slice(1, -1);
        if (folded !== String.fromCodePoint(code)) folds.set(code, folded);
        at += 1;
      }
    }
  }
  db.close();
  return { separators, folds };
}

function expand(ranges: readonly string[] | string): number[] {
  const list = typeof ranges === 'string' ? ranges.split(' ') : ranges.flatMap((line) => line.split(' '));
  return list.flatMap((range) => {
    const [first, last = first] = range.split('-').map((hex) => Number.parseInt(hex, 16)) as [number, number?];
    return Array.from({ length: last! - first + 1 }, (_, i) => first + i);
  });
}

describe("unicode61's tables as PostgreSQL's search uses them (src/db/postgres/unicode61.ts)", () => {
  it('are what SQLite itself does, code point by code point: separators, folded letters, removed diacritics', () => {
    const { separators, folds } = readFromSqlite();
    const read = new Set(CODE_POINTS);
    expect(expand(UNICODE61_SEPARATOR_RANGES).filter((code) => read.has(code))).toEqual(separators);
    const expected = new Map<number, string>();
    for (let code = 0x41; code <= 0x5a; code++) expected.set(code, String.fromCodePoint(code + 0x20));
    for (const [from, to] of unicode61Folds()) expected.set(from, String.fromCodePoint(to));
    for (const code of expand(UNICODE61_DIACRITICS)) expected.set(code, '');
    for (const code of expected.keys()) if (!read.has(code)) expected.delete(code);
    expect(new Map([...folds].sort(([a], [b]) => a - b))).toEqual(new Map([...expected].sort(([a], [b]) => a - b)));
  });

  it('fold nothing twice: what a character folds to is never folded again, so the fold ends after one pass per character', () => {
    const folds = unicode61Folds();
    const from = new Set(folds.map(([code]) => code));
    expect(folds.filter(([, to]) => from.has(to) || (to >= 0x41 && to <= 0x5a))).toEqual([]);
    expect(folds.every(([code]) => code >= 0x80)).toBe(true);
  });

  it('keep the diacritics apart from the letters, in U+0300–U+0331, where the fold function tells them by code point; the word marker folds away', () => {
    expect(expand(UNICODE61_DIACRITICS).every((code) => code >= 0x300 && code <= 0x331)).toBe(true);
    expect(unicode61Folds().filter(([code]) => code >= 0x300 && code <= 0x331)).toEqual([]);
    expect(unicode61Folds()).toContainEqual([WORD_MARKER.codePointAt(0), 'a'.codePointAt(0)]);
  });
});
