export { BOM, csvCell, csvLine, type CsvCell } from '../../query/csv.js';
export { safeJson } from '../../query/json.js';
export { resolveFormat, type FormatOptions, type OutputFormat } from './format.js';
export { ChunkedWriter, sinkEmitter } from './sink-writer.js';
export { terminalSafe, terminalSafeData } from './terminal-text.js';
export { clockDuration, isoUtc, offsetLabel, relativeTime, timeFormatter, type TimeFormatter } from './time.js';
export { AtomicFile } from './atomic-file.js';
