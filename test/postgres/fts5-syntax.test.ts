import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { openDb } from '../../src/db/open.js';
import { ftsExpressionForPostgres } from '../../src/db/postgres/fts-expression.js';
import { ftsExpression } from '../../src/db/queries/fts-query.js';
import { FTS_COLUMNS, parseFts5 } from '../../src/db/postgres/fts5-syntax.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/**
 * The FTS5 grammar as PostgreSQL search reads it accepts exactly what SQLite's FTS5 accepts, so a
 * translation never meets an expression it cannot read and never reads one FTS5 would refuse.
 */

const tempDir = useTempDirs();
const fts = new BetterSqlite3(':memory:');
fts.exec(`CREATE VIRTUAL TABLE f USING fts5(${FTS_COLUMNS.join(', ')}, tokenize='porter unicode61 remove_diacritics 2')`);
/** The table SQLite's own search asks (fts-query.ts), for what a --text becomes there. */
const archive = new BetterSqlite3(':memory:');
archive.exec(`CREATE VIRTUAL TABLE recordings_fts USING fts5(${FTS_COLUMNS.join(', ')}, tokenize='porter unicode61 remove_diacritics 2')`);

function sqliteAccepts(expression: string): boolean {
  try {
    fts.prepare('SELECT 1 FROM f WHERE f MATCH ? LIMIT 1').get(expression);
    return true;
  } catch {
    return false;
  }
}

function weAccept(expression: string): boolean {
  try {
    parseFts5(expression);
    return true;
  } catch {
    return false;
  }
}

describe('the FTS5 grammar', () => {
  test('the columns are the FTS table of the migrations', async () => {
    const db = await openDb(`${tempDir()}/recordings.db`);
    expect(db.prepare("SELECT name FROM pragma_table_info('recordings_fts') ORDER BY cid").pluck().all()).toEqual([...FTS_COLUMNS]);
    db.close();
  });

  test('accepts and refuses as FTS5 does', () => {
    const expressions = [
      'refund', 'refund cancel', 'refund OR cancel', 'a OR b c', 'a NOT b c', 'a b NOT c', 'NOT a', 'a NOT', 'a AND', 'AND', 'OR refund',
      '(a) b', 'a (b)', '(a b) OR c', '((a))', '"a b"', '"a ""b"" c"', '"unterminated', 'a*', 'a *', 'a* *', '* a', '"a"*', 'a + b', 'a + "b c" + d*',
      'a +', '+ a', 'summary:a', 'SUMMARY:a', '"summary":a', 'nope:a', '-summary:a', '- summary : a', '{summary parties}:a', '-{transcript}:a', '{}:a',
      '{summary', 'summary:(a OR b)', 'a summary:(b)', 'summary:(a) b', 'summary:^a', '^a', '^ a', 'a ^b', '^', 'NEAR(a b)', 'NEAR(a b, 5)',
      'NEAR(a b,)', 'NEAR(a b, "5")', 'NEAR(a b, 5x)', 'NEAR(a)', 'near(a b)', '"NEAR"(a b)', 'NEAR (a b)', 'NEAR(^a b)', 'NEAR(a b) c',
      'summary:NEAR(a b, 2)', 'foo(a)', 'a:b:c', 'a,b', 'a.b', 'a-b', "a'b", '\u001aa', 'a\u000bb', 'é', '🍕', '', '  ', ')', '(',
    ];
    const wrong = expressions.filter((expression) => sqliteAccepts(expression) !== weAccept(expression));
    expect(wrong).toEqual([]);
  });

  test('property: random expressions are accepted and refused as FTS5 does', () => {
    const token = fc.constantFrom(
      'a', 'b', 'refund', 'é', '🍕', '_x', 'AND', 'OR', 'NOT', 'NEAR', 'and', '(', ')', '{', '}', ':', ',', '+', '*', '-', '^', '"', '""', '"a b"',
      'summary', 'transcript', 'parties', 'speaker', '2', ' ', '.', "'",
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 14 }), fc.boolean(), (tokens, spaced) => {
        const expression = tokens.join(spaced ? ' ' : '');
        // A leading `*` is FTS5's special queries, which fts-query.ts never passes on.
        if (expression.trimStart().startsWith('*')) return;
        expect(weAccept(expression), expression).toBe(sqliteAccepts(expression));
      }),
      { numRuns: 3000 },
    );
  });

  test('a --text becomes the same expression on PostgreSQL as on SQLite, up to and past the depth at which FTS5 runs out of parser stack', () => {
    const nested = (depth: number, open: string, inner = 'a') => open.repeat(depth) + inner + ')'.repeat(depth);
    const texts = [
      'refund', 'refund OR cancel', '"gift card"', 'reserv*', 'summary:refund', 'nope:refund', 'a AND', '(a b) c', 'foo-bar', '*', '* a', '"unterminated',
      ' \u0000 refund\u0000', '', ...[20, 60, 89, 90, 91, 97, 98, 99, 150, 400].map((depth) => nested(depth, '(')),
      ...[12, 13, 14, 15, 30].map((depth) => nested(depth, 'a OR b AND c NOT (', 'd')),
      ...[32, 33, 34].map((depth) => nested(depth, 'a AND (', 'b')),
      Array.from({ length: 120 }, () => 'a').join(' OR '), Array.from({ length: 60 }, (_, i) => `"w${i}"`).join(' '),
    ];
    const wrong = texts.filter((text) => ftsExpressionForPostgres(text) !== ftsExpression(archive, text));
    expect(wrong).toEqual([]);
    // Both sides met an expression FTS5 refuses for its stack alone, so the fallback was tested.
    expect(ftsExpression(archive, nested(98, '('))).toBe(`"${nested(98, '(')}"`);
  });

  test('property: a random --text becomes the same expression on PostgreSQL as on SQLite', () => {
    const token = fc.constantFrom('a', 'refund', 'é', 'AND', 'OR', 'NOT', 'NEAR', '(', ')', '{', '}', ':', ',', '+', '*', '-', '^', '"', 'summary', ' ', '\u0000');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const text = tokens.join('');
        expect(ftsExpressionForPostgres(text), text).toBe(ftsExpression(archive, text));
      }),
      { numRuns: 2000 },
    );
  });
});
