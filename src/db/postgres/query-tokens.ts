import { type Queryable, prepared } from './queryable.js';
import { TEXT_SEARCH_CONFIG } from './text-search-names.js';

export interface StringTokens {
  /** The lexemes of the string's words in order, normalised exactly as the search vector's text. */
  lexemes: string[];
  /** Lexemes of the text as written (not normalised), for highlighting: ts_headline reads the stored text as written. */
  written: string[];
}

/**
 * The lexemes of each string of a query, from the database itself: the same normalising function,
 * parser and dictionary as the search vector, so a query word and a stored word meet exactly when
 * SQLite's tokenizer would have made them the same term. One round trip for all strings.
 */
export async function queryTokens(db: Queryable, strings: readonly string[]): Promise<Map<string, StringTokens>> {
  const tokens = new Map<string, StringTokens>(strings.map((text) => [text, { lexemes: [], written: [] }]));
  if (strings.length === 0) return tokens;
  // The configuration sends every token type but blanks (12) to the one dictionary: ts_parse and
  // ts_lexize are what to_tsvector does, word by word in order, without ts_debug's catalogue joins.
  const rows = await prepared<{ i: string; lexemes: string[]; written: string[] }>(
    db,
    `SELECT s.i,
       ARRAY(SELECT (ts_lexize('recordings_porter', p.token))[1]
             FROM ts_parse('default', recordings_fts_text(s.text)) WITH ORDINALITY AS p(tokid, token, n)
             WHERE p.tokid <> 12 ORDER BY p.n) AS lexemes,
       tsvector_to_array(to_tsvector('${TEXT_SEARCH_CONFIG}', s.text)) AS written
     FROM unnest($1::text[]) WITH ORDINALITY AS s(text, i)`,
    [strings],
  );
  for (const row of rows) tokens.set(strings[Number(row.i) - 1]!, { lexemes: row.lexemes, written: row.written });
  return tokens;
}
