import { SHORT_STEMMED, TEXT_SEARCH_CONFIG, WORD_MARKER } from './text-search-names.js';
import { UNICODE61_DIACRITICS, UNICODE61_SEPARATOR_RANGES, regexClassBody, unicode61Folds } from './unicode61.js';

/**
 * Full-text search on PostgreSQL with the same matches as SQLite's FTS5 table (migrations/0001_fts.sql,
 * `porter unicode61 remove_diacritics 2` over transcript, summary and party names): the SQL the
 * PostgreSQL schema creates (docs/design.md, "Search on PostgreSQL").
 *
 * PostgreSQL's parser does not split text the way unicode61 does (`e-mail` gives `e-mail`, `e` and
 * `mail`; `555-0100` gives `555` and `-0100`; `don't` differs too), so a normalising function first
 * turns the text into what unicode61 would see: lowercase, Latin diacritics removed, every character
 * unicode61 treats as a separator replaced by a space. The parser then only meets words of letters
 * and digits, and a Snowball dictionary with the Porter stemmer — the one SQLite's `porter`
 * tokenizer implements — and no stop words (so `"my sister"` stays a two-word phrase) turns them
 * into lexemes.
 */

const SEPARATORS = regexClassBody(UNICODE61_SEPARATOR_RANGES);
const FOLDS = unicode61Folds();
/** The characters beyond ASCII that unicode61 folds, and what it folds each to, position by position. */
const FOLD_FROM = String.fromCodePoint(...FOLDS.map(([from]) => from));
const FOLD_TO = String.fromCodePoint(...FOLDS.map(([, to]) => to));
/** Every character the fold changes beyond ASCII: those letters and the diacritics it removes. */
const FOLDED = regexClassBody([...codeRanges(FOLDS.map(([from]) => from)), UNICODE61_DIACRITICS]);

/** Ascending code points as ranges ("hex" or "hex-hex") for regexClassBody. */
function codeRanges(codes: readonly number[]): string[] {
  const ranges: string[] = [];
  for (let i = 0; i < codes.length; ) {
    let j = i;
    while (j + 1 < codes.length && codes[j + 1] === codes[j]! + 1) j++;
    ranges.push(i === j ? codes[i]!.toString(16) : `${codes[i]!.toString(16)}-${codes[j]!.toString(16)}`);
    i = j + 1;
  }
  return ranges;
}

/** Token types of the default parser other than `blank`: all of them go to the stemmer. */
const TOKEN_TYPES = [
  'asciiword', 'word', 'numword', 'asciihword', 'hword', 'numhword', 'hword_asciipart', 'hword_part', 'hword_numpart',
  'email', 'protocol', 'url', 'host', 'url_path', 'file', 'sfloat', 'float', 'int', 'uint', 'version', 'tag', 'entity',
];

/**
 * Lowercase and diacritics as unicode61 folds them, the same on every PostgreSQL version and in every
 * locale: ASCII through the "C" collation, whose lower() touches A–Z only, and every other character
 * through unicode61's own table (unicode61.ts) rather than the server's Unicode data, which differs
 * from version to version and from one collation provider to another. `é` becomes `e` while Greek
 * `ά`, Cyrillic `й`, `ß`, `ø` and `æ` stay as they are, as in unicode61 (the `unaccent` extension
 * would fold all of those too).
 *
 * Text without such a character costs one scan. Otherwise each distinct one is found in turn and
 * replaced throughout, so the work grows with the few distinct characters a text holds, not with
 * the table (translate() would compare every character of the text with the whole table). What a
 * character folds to never folds further, so the first one left is always one not yet replaced. The
 * diacritics unicode61 removes are the only characters of U+0300–U+0331 the class holds: they go.
 */
const FOLD_FUNCTION = String.raw`CREATE FUNCTION recordings_fts_fold(t text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fold$
DECLARE
  c text COLLATE "C";
BEGIN
  t := lower(t COLLATE "C");
  LOOP
    c := substring(t FROM '[${FOLDED}]');
    EXIT WHEN c IS NULL;
    IF ascii(c) BETWEEN 768 AND 817 THEN
      t := replace(t, c, '');
    ELSE
      t := replace(t, c, substr('${FOLD_TO}', strpos('${FOLD_FROM}', c), 1));
    END IF;
  END LOOP;
  RETURN t;
END
$fold$`;


/** A word start holding a vowel as SQLite's porter sees vowels: `y` is one after a consonant. */
const HAS_VOWEL = '(?:y?[^aeiouy ]*[aeiou]|(?:y|y?[^aeiouy ]+)y)';
/** A word start whose Porter measure (vowel-consonant sequences) is above zero. */
const MEASURE_ABOVE_ZERO = `${HAS_VOWEL}[aeiou]*[^aeiou ][^ ]*`;

type Rule = readonly [pattern: string, replacement: string];

/**
 * Words rewritten so that PostgreSQL's parser and Snowball stemmer treat them as SQLite's unicode61
 * and porter do: regular-expression replacements over space-separated words, in this order, each
 * group only when its test finds something to do (a test is one pass, a rule another). Found by
 * comparing both on every word of the simulator's calls, on those words with each of Porter's
 * suffixes added, and on every short word (test/postgres/tokenizer-parity.test.ts).
 */
const MARK_STEPS: readonly { when: string | null; rules: readonly Rule[] }[] = [
  {
    when: '[^ ]{65}',
    rules: [
      // PostgreSQL drops a word of 2 kB or more from the vector and closes up the gap, which would
      // make its neighbours adjacent: cut words to their first 500 characters (a bound is at most 255).
      ['([^ ]{250}[^ ]{250})[^ ]+', '\\1'],
      // SQLite's porter leaves words longer than 64 bytes alone: mark them.
      ['[^ ]{65,}', `\\&${WORD_MARKER}`],
    ],
  },
  {
    when: null,
    rules: [
      // It leaves words shorter than 3 bytes alone too, where PostgreSQL's would turn `is` into `i`,
      // `as` into `a` and `ay` into `ai` (no other word of one or two characters changes): mark those.
      [`(^| )(${SHORT_STEMMED})(?= |$)`, `\\1\\2${WORD_MARKER}`],
    ],
  },
  {
    when: [
      'bl[iy]|blies|log[iy]|logies',
      '(cc|hh|jj|kk|qq|vv|ww|xx|yy|00|11|22|33|44|55|66|77|88|99)(ed|ing)',
      '(^| )(eeds?|ies|sses)( |$)',
      '(^| )[0-9]+e[0-9]',
    ].join('|'),
    rules: [
      // Porter's revised algorithm, which SQLite's porter follows, turns `bli` into `ble`, where the
      // original one, PostgreSQL's Snowball `porter`, has `abli` → `able` only (so `possibly` stays
      // with `possible`), and `logi` into `log` (`apology` with `apologize`).
      [`(^| )(${MEASURE_ABOVE_ZERO})(?:bl[iy](?:ed|ing)?s?|blies)(?= |$)`, '\\1\\2ble'],
      [`(^| )(${MEASURE_ABOVE_ZERO})(?:log[iy](?:ed|ing)?s?|logies)(?= |$)`, '\\1\\2log'],
      // Removing `-ed` or `-ing` may leave a double consonant: SQLite undoubles all but l, s and z,
      // Snowball only b d f g m n p r t (`trekking` → `trek`). The second `y` of `yy` is a vowel there.
      [`(^| )(${HAS_VOWEL}[^ ]*?)([chjkqvwx0-9])\\3(?:ed|ing)s?(?= |$)`, '\\1\\2\\3'],
      ['(^| )([^ ]*y)y(?:ed|ing)s?(?= |$)', '\\1\\2'],
      // SQLite's porter needs a longer word for its `eed`, `ies` and `sses` rules.
      ['(^| )eeds?(?= |$)', '\\1e'],
      ['(^| )(ie|sse)s(?= |$)', '\\1\\2'],
      // The parser reads `1e5abc` as the number `1e5` and a word `abc`: mark it after its leading digits.
      ['(^| )([0-9]+)(e[0-9]+[^ 0-9])', `\\1\\2${WORD_MARKER}\\3`],
    ],
  },
];

const assign = ([pattern, replacement]: Rule) => `words := regexp_replace(words, '${pattern}', '${replacement}', 'g');`;
const MARK_FUNCTION = `CREATE FUNCTION recordings_fts_mark(words text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $mark$
BEGIN
${MARK_STEPS.map(({ when, rules }) => (when ? `  IF words ~ '${when}' THEN\n${rules.map((rule) => `    ${assign(rule)}`).join('\n')}\n  END IF;` : rules.map((rule) => `  ${assign(rule)}`).join('\n'))).join('\n')}
  RETURN words;
END
$mark$`;

/** The text as unicode61 would tokenize it, words separated by spaces, ready for the parser. */
const NORMALISE_FUNCTION = String.raw`CREATE FUNCTION recordings_fts_text(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN recordings_fts_mark(regexp_replace(recordings_fts_fold(t), '[${SEPARATORS}]+', ' ', 'g'))`;

/**
 * One column's part of the search vector, its positions weighted by column: A transcript, B summary,
 * C party names, so a column filter (`summary:refund`) is a weight and a phrase never spans two
 * columns. Each column starts with the lexeme `^` (no word can become it), which `^word` (first
 * token of a column) follows.
 */
const COLUMN_FUNCTION = String.raw`CREATE FUNCTION recordings_fts_column(t text, weight "char") RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN t IS NULL THEN ''::tsvector
  ELSE setweight('^:1'::tsvector || to_tsvector('${TEXT_SEARCH_CONFIG}'::regconfig, recordings_fts_text(t)), weight) END`;

/**
 * Party names and the summary first: positions beyond 16,383 all collapse onto 16,383, and only a
 * very long transcript reaches that far.
 */
const DOCUMENT_FUNCTION = String.raw`CREATE FUNCTION recordings_fts_document(transcript text, summary text, parties text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN recordings_fts_column(parties, 'C') || recordings_fts_column(summary, 'B') || recordings_fts_column(transcript, 'A')`;

/**
 * FTS5's NEAR(p1 p2 …, n): within one column, phrase starts s1, s2 … whose latest, M, is at most
 * (length of phrase i + n) after each s_i. tsquery can only say "exactly k apart", so this checks the
 * positions the vector holds. `phrases`: [[{"l": [lexeme, …], "p": prefix?}, …], …]; `weights`: the
 * columns allowed.
 */
const NEAR_FUNCTION = String.raw`CREATE FUNCTION recordings_fts_near(v tsvector, phrases jsonb, distance bigint, weights text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  WITH terms AS (
    SELECT ph.i, tm.j, jsonb_array_length(ph.phrase) AS len, tm.term
    FROM jsonb_array_elements(phrases) WITH ORDINALITY AS ph(phrase, i)
    CROSS JOIN LATERAL jsonb_array_elements(ph.phrase) WITH ORDINALITY AS tm(term, j)
  ), hits AS (
    SELECT t.i, t.j, t.len, p.weight, p.pos::bigint AS pos
    FROM unnest(v) AS u(lexeme, positions, weights)
    CROSS JOIN LATERAL unnest(u.positions, u.weights) AS p(pos, weight)
    JOIN terms t ON EXISTS (
      SELECT 1 FROM jsonb_array_elements_text(t.term -> 'l') AS alt(lexeme)
      WHERE CASE WHEN (t.term ->> 'p')::boolean THEN starts_with(u.lexeme, alt.lexeme) ELSE u.lexeme = alt.lexeme END)
    WHERE strpos(recordings_fts_near.weights, p.weight) > 0
  ), starts AS (
    SELECT i, weight, pos - j + 1 AS s FROM hits GROUP BY i, len, weight, pos - j + 1 HAVING count(DISTINCT j) = len
  )
  SELECT EXISTS (
    SELECT 1 FROM starts m
    WHERE NOT EXISTS (
      SELECT 1 FROM (SELECT DISTINCT i, len FROM terms) ph
      WHERE NOT EXISTS (
        SELECT 1 FROM starts s
        WHERE s.i = ph.i AND s.weight = m.weight AND s.s BETWEEN m.s - ph.len - distance AND m.s)));
END`;

/** The text search configuration and the functions the search vector and queries use. */
export const TEXT_SEARCH_SQL: readonly string[] = [
  'CREATE TEXT SEARCH DICTIONARY recordings_porter (TEMPLATE = snowball, Language = porter)',
  `CREATE TEXT SEARCH CONFIGURATION ${TEXT_SEARCH_CONFIG} (PARSER = pg_catalog."default")`,
  `ALTER TEXT SEARCH CONFIGURATION ${TEXT_SEARCH_CONFIG} ADD MAPPING FOR ${TOKEN_TYPES.join(', ')} WITH recordings_porter`,
  FOLD_FUNCTION,
  MARK_FUNCTION,
  NORMALISE_FUNCTION,
  COLUMN_FUNCTION,
  DOCUMENT_FUNCTION,
  NEAR_FUNCTION,
];

/** What the search vector is computed from (party names as SQLite's `parties` column joins them). */
const SEARCH_DOCUMENT = "recordings_fts_document(transcript, summary, coalesce(from_name, '') || ' ' || coalesce(to_name, ''))";

/** The generated column of `recordings`. */
export const SEARCH_VECTOR_COLUMN_SQL = `search_vector tsvector GENERATED ALWAYS AS (${SEARCH_DOCUMENT}) STORED`;

/**
 * Brings an archive whose search vectors were made by an earlier fold (lowercase through the
 * `pg_c_utf8` collation, diacritics through normalize(), so PostgreSQL 17 or later only) to the one
 * above: the function replaced, then every row whose stored vector differs from what it now computes
 * updated in place, which makes PostgreSQL compute the generated column again. Nothing else about a
 * row changes; a new archive has no rows yet.
 */
export const FOLD_UPGRADE_SQL: readonly string[] = [
  FOLD_FUNCTION.replace(/^CREATE FUNCTION/, 'CREATE OR REPLACE FUNCTION'),
  `UPDATE recordings SET transcript = transcript WHERE search_vector IS DISTINCT FROM ${SEARCH_DOCUMENT}`,
];

/**
 * Indexes search needs on `recordings`: GIN over the search vector, and the reversed phone digits
 * (phone-digits.ts) in byte order, which the suffix ranges assume whatever the database's collation.
 */
export const SEARCH_INDEX_SQL: readonly string[] = [
  'CREATE INDEX recordings_search_vector_idx ON recordings USING gin (search_vector)',
  'CREATE INDEX recordings_from_digits_idx ON recordings (from_digits_reversed COLLATE "C")',
  'CREATE INDEX recordings_to_digits_idx ON recordings (to_digits_reversed COLLATE "C")',
];
