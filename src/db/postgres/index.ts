export { ftsExpressionForPostgres } from './fts-expression.js';
export { FTS_COLUMNS, FtsSyntaxError, parseFts5, type FtsSyntax } from './fts5-syntax.js';
export type { Queryable } from './queryable.js';
export { SEARCH_SCHEMA_SQL } from './recordings-table-sql.js';
export { searchRecordingsPostgres } from './search.js';
export { SEARCH_INDEX_SQL, SEARCH_VECTOR_COLUMN_SQL, TEXT_SEARCH_CONFIG, TEXT_SEARCH_SQL } from './text-search-sql.js';
export { textCondition, type TextCondition } from './tsquery.js';
