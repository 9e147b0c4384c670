import BetterSqlite3, { type Database } from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FTS_COLUMNS } from '../../src/db/postgres/fts5-syntax.js';
import { TEXT_SEARCH_CONFIG, WORD_MARKER } from '../../src/db/postgres/text-search-names.js';
import { TEXT_SEARCH_SQL } from '../../src/db/postgres/text-search-sql.js';
import { UNICODE61_SEPARATOR_RANGES } from '../../src/db/postgres/unicode61.js';
import { Account } from '../../src/simulator/index.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';

/**
 * PostgreSQL turns text into the same terms as SQLite's `porter unicode61 remove_diacritics 2`
 * (migrations/0001_fts.sql): word for word, position for position, one lexeme per SQLite term. A
 * lexeme is SQLite's term with the normalising function's marks removed (text-search-sql.ts).
 */

let client: pg.Client;
let sqlite: Database;

beforeAll(async () => {
  client = new pg.Client({ connectionString: await freshPostgresDatabase() });
  await client.connect();
  for (const statement of TEXT_SEARCH_SQL) await client.query(statement);
  sqlite = new BetterSqlite3(':memory:');
  sqlite.exec(`CREATE VIRTUAL TABLE porter USING fts5(x, tokenize='porter unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE porter_terms USING fts5vocab(porter, 'instance');
    CREATE VIRTUAL TABLE words USING fts5(x, tokenize='unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE words_terms USING fts5vocab(words, 'instance');`);
});

afterAll(async () => {
  sqlite?.close();
  await client?.end();
});

/** Each text's terms in order, as SQLite's FTS5 table `table` stores them. */
function sqliteTerms(table: 'porter' | 'words', texts: readonly string[]): string[][] {
  sqlite.exec(`DELETE FROM ${table}`);
  const insert = sqlite.prepare(`INSERT INTO ${table}(rowid, x) VALUES (?, ?)`);
  sqlite.transaction(() => texts.forEach((text, i) => insert.run(i + 1, text)))();
  const terms: string[][] = texts.map(() => []);
  const rows = sqlite.prepare(`SELECT doc, term, offset FROM ${table}_terms ORDER BY doc, offset`).all() as { doc: number; term: string; offset: number }[];
  for (const row of rows) terms[row.doc - 1]![row.offset] = row.term;
  return terms;
}

/** Each text's lexemes in order, as the search vector holds them, marks removed. */
async function postgresTerms(texts: readonly string[]): Promise<string[][]> {
  const terms: string[][] = [];
  for (let i = 0; i < texts.length; i += 5000) {
    const { rows } = await client.query<{ lexemes: [string, number[]][] | null }>(
      `SELECT (SELECT json_agg(json_build_array(lexeme, positions)) FROM unnest(to_tsvector('${TEXT_SEARCH_CONFIG}', recordings_fts_text(s.text)))) AS lexemes
       FROM unnest($1::text[]) WITH ORDINALITY AS s(text, n) ORDER BY s.n`,
      [texts.slice(i, i + 5000)],
    );
    for (const row of rows) {
      const inOrder: string[] = [];
      for (const [lexeme, positions] of row.lexemes ?? []) for (const position of positions) inOrder[position - 1] = lexeme.replaceAll(WORD_MARKER, '');
      terms.push(inOrder);
    }
  }
  return terms;
}

/** PostgreSQL keeps the first 500 characters of a longer word (text-search-sql.ts). */
const upTo500 = (term: string) => [...term].slice(0, 500).join('');

/** The texts whose terms differ, with both sides. */
async function differences(texts: readonly string[]): Promise<string[]> {
  const expected = sqliteTerms('porter', texts);
  const found = await postgresTerms(texts);
  return texts.flatMap((text, i) => {
    const a = expected[i]!.map(upTo500).join(' ');
    const b = found[i]!.join(' ');
    return a === b ? [] : [`${JSON.stringify(text.slice(0, 120))}: sqlite [${a.slice(0, 200)}] postgres [${b.slice(0, 200)}]`];
  });
}

/** What the generated calls say: conversations, summaries, names, as RingSense returns them. */
function simulatorTexts(calls: number): string[] {
  const anchorMs = Date.parse('2026-11-01T00:00:00Z');
  const account = new Account({ seed: 8, calls, days: 30, anchorMs, now: () => anchorMs, live: false, baseUrl: 'http://127.0.0.1:1', insightsDelaySeconds: 1800, insightsCoverage: 1 });
  const texts: string[] = [];
  for (let i = 0; i < calls; i += 1) {
    const record = account.callAt(i);
    texts.push(JSON.stringify(record.legs ?? []).slice(0, 4000));
    const id = record.recording?.id;
    const insights = id ? account.insightsFor(id) : null;
    if (insights) texts.push(JSON.stringify(insights));
  }
  return texts;
}

/** English suffixes Porter's rules work on, to put on every word. */
const SUFFIXES = [
  's', 'es', 'ed', 'ing', 'ly', 'ness', 'ation', 'ational', 'tional', 'ize', 'izer', 'ization', 'ful', 'fulness', 'ive', 'iveness',
  'ible', 'able', 'ably', 'ibly', 'bly', 'blies', 'blied', 'blying', 'ology', 'ologies', 'logy', 'logi', 'ement', 'ment', 'ent', 'ence',
  'ance', 'er', 'ism', 'iti', 'ous', 'ousli', 'alli', 'entli', 'eli', 'aliti', 'iviti', 'biliti', 'ator', 'alism', 'icate', 'ative',
  'alize', 'iciti', 'ical', 'al', 'ic', 'ant', 'ion', 'ou', 'ate', 'y', 'ies', 'eed', 'eedly', 'e', 'll', 'at', 'bl', 'iz', 'ys',
];

/** Every word of up to `length` characters from `alphabet`. */
function allWords(alphabet: string, length: number): string[] {
  const words: string[] = [];
  const grow = (word: string) => {
    if (word) words.push(word);
    if (word.length < length) for (const char of alphabet) grow(word + char);
  };
  grow('');
  return words;
}

/** Words side by side, 40 to a text. */
const lines = (words: string[]) => Array.from({ length: Math.ceil(words.length / 40) }, (_, i) => words.slice(i * 40, i * 40 + 40).join(' '));

describe('PostgreSQL tokenizes and stems as SQLite', () => {
  test('the generated calls, word for word', async () => {
    // Whole texts of a few calls, and every distinct piece of the JSON of many more: their
    // vocabulary (names, numbers, ids, URLs) keeps growing with the calls, their context does not.
    const texts = simulatorTexts(1500);
    const pieces = [...new Set(texts.slice(150).flatMap((text) => text.split(/[\s"{}[\],:]+/)))];
    expect(await differences([...texts.slice(0, 150), ...lines(pieces)])).toEqual([]);
  });

  test('their words with every Porter suffix, and every short word', async () => {
    const vocabulary = new Set(
      simulatorTexts(400)
        .join(' ')
        .toLowerCase()
        .split(/[^a-z]+/)
        .filter((word) => word.length >= 2),
    );
    const words = [...vocabulary].flatMap((word) => SUFFIXES.map((suffix) => word + suffix));
    expect(await differences(lines(words))).toEqual([]);
    expect(await differences(lines([...allWords('aeioubdlsygnt1c', 4), ...allWords('aeisydlcz', 5)]))).toEqual([]);
  });

  test('punctuation, numbers and long words', async () => {
    const texts = [
      "e-mail 555-0100 50.00 50,00 don't don’t O'Brien's it's $1,000.50 10:30am v2.1.0 A-12/b #7 walk-in_only",
      'www.example.com/menu?x=1 mail@example.com <b>bold</b> &amp; 1e5abc 1E5 12e34x 0x1F 3.5e10 2nd',
      `${'x'.repeat(62)}s ${'x'.repeat(63)}s ${'x'.repeat(64)}s ${'z'.repeat(70)}ing ${'w'.repeat(600)} ${'v'.repeat(2100)} after`,
      'Is this as us? Uses, used, using; possibly possible; apology apologize; trekking trek; eed eeds ies sses',
    ];
    expect(await differences(texts)).toEqual([]);
  });

  test('characters one by one in the scripts and symbols calls use, with known differences only', async () => {
    const blocks = [
      [0x20, 0x24f], // ASCII, Latin-1, Latin Extended-A and -B
      [0x300, 0x36f], // combining diacritics
      [0x370, 0x52f], // Greek, Cyrillic
      [0x590, 0x6ff], // Hebrew, Arabic
      [0x900, 0x97f], // Devanagari
      [0xe00, 0xe7f], // Thai
      [0x1e00, 0x1eff], // Latin Extended Additional (Vietnamese)
      [0x2000, 0x21ff], // punctuation, currency, letterlike symbols, number forms, arrows
      [0x3000, 0x30ff], // CJK punctuation, kana
      [0x4e00, 0x4fff], // CJK ideographs
      [0xac00, 0xadff], // Hangul
      [0xff00, 0xffef], // full-width forms
      [0x1f300, 0x1f64f], // emoji
    ];
    const codePoints = blocks.flatMap(([from, to]) => Array.from({ length: to! - from! + 1 }, (_, i) => from! + i));
    const texts = codePoints.map((codePoint) => `q${String.fromCodePoint(codePoint)}q`);
    const expected = sqliteTerms('words', texts);
    const { rows } = await client.query<{ tokens: string[] | null }>(
      `SELECT (SELECT array_agg(token ORDER BY n) FROM ts_parse('default', recordings_fts_text(s.text)) WITH ORDINALITY AS p(tokid, token, n) WHERE tokid <> 12) AS tokens
       FROM unnest($1::text[]) WITH ORDINALITY AS s(text, n) ORDER BY s.n`,
      [texts],
    );
    const unexpected: string[] = [];
    codePoints.forEach((codePoint, i) => {
      const sqliteWords = expected[i]!.join(' ');
      const postgresWords = (rows[i]!.tokens ?? []).join(' ');
      if (sqliteWords === postgresWords) return;
      // Known: characters unicode61's Unicode 6.1 tables count as word characters but PostgreSQL's
      // parser does not take for letters — numbers like ² and ½, and characters Unicode assigned
      // after 6.1 (newer emoji and symbols, the lira sign) or not at all — split the word there.
      const char = String.fromCodePoint(codePoint);
      const splitByParser = sqliteWords === `q${char}q` && postgresWords === 'q q';
      if (splitByParser && /\p{gc=No}|\p{gc=So}|\p{gc=Sc}|\p{gc=Sk}|\p{gc=Cf}|\p{gc=Cn}|\p{gc=Po}/u.test(char)) return;
      unexpected.push(`U+${codePoint.toString(16)} ${char}: sqlite [${sqliteWords}] postgres [${postgresWords}]`);
    });
    expect(unexpected).toEqual([]);
  });

  test('the separator table is what SQLite uses, at every range boundary', () => {
    const ranges = UNICODE61_SEPARATOR_RANGES.flatMap((line) => line.split(' ')).map((range) => range.split('-').map((hex) => Number.parseInt(hex, 16)));
    const probes = ranges.flatMap(([from, to = from]) => [from! - 1, from!, to!, to! + 1]).filter((cp) => cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff));
    const terms = sqliteTerms('words', probes.map((codePoint) => `q${String.fromCodePoint(codePoint)}q`));
    const separates = (codePoint: number) => ranges.some(([from, to = from]) => codePoint >= from! && codePoint <= to!);
    const wrong = probes.filter((codePoint, i) => (terms[i]!.length !== 1) !== separates(codePoint)).map((cp) => cp.toString(16));
    expect(wrong).toEqual([]);
    expect(FTS_COLUMNS).toEqual(['transcript', 'summary', 'parties']);
  });
});
