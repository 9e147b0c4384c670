export { BOM, csvCell, csvLine, type CsvCell } from './csv.js';
export { resolveFormat, type FormatOptions, type OutputFormat } from './format.js';
export { ChunkedWriter, sinkEmitter } from './sink-writer.js';
export { safeJson, terminalSafe, terminalSafeData } from './terminal-text.js';
export { clockDuration, isoUtc, offsetLabel, relativeTime, timeFormatter, type TimeFormatter } from './time.js';
export { AtomicFile } from './atomic-file.js';
