export { appendAudit, type AuditEntry } from './audit.js';
export { EXPORT_COLUMNS, exportRows, type ExportRow } from './export-rows.js';
export { type RecordingFilter } from './filter.js';
export { ftsExpression, quotedWords } from './fts-query.js';
export { findRecording, type RecordingDetail, type SegmentDetail } from './get.js';
export { countMatches, orderedSelects, RANK_WINDOW, type Page, type SortOrder } from './ordered-select.js';
export { topicList } from './recording-columns.js';
export { MATCH_END, MATCH_START, searchRecordings, type SearchHit, type SearchResult } from './search.js';
export { computeStats, type Stats, type StatsRange } from './stats.js';
