/**
 * The names and patterns the search queries share with the SQL the PostgreSQL schema creates
 * (text-search-sql.ts), kept apart from it: that module builds its fold function from unicode61's
 * tables when loaded, which a query command has no use for (start-up speed is benchmarked).
 */

/**
 * The text search configuration the schema creates for searching as SQLite's FTS5 table does
 * (text-search-sql.ts; docs/design.md, "Search on PostgreSQL").
 */
export const TEXT_SEARCH_CONFIG = 'recordings_fts';

/**
 * The letter the normalising function adds to some words (MARK_RULES) so that PostgreSQL's parser
 * and stemmer treat them as SQLite does. Every parser and stemmer takes it for a letter, no suffix
 * rule ends in it, and it never survives normalisation otherwise (its accent goes), so a marked word
 * cannot meet a real one. SQLite's term is the lexeme without it (tsquery.ts relies on that).
 */
export const WORD_MARKER = '\u00e0';

/** The words of one or two characters PostgreSQL's Snowball `porter` changes (SQLite's leaves them). */
export const SHORT_STEMMED = '[a-rt-z0-9]s|[aeiou]y';
