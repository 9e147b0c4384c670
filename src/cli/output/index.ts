export { BOM, csvCell, csvLine, type CsvCell } from './csv.js';
export { resolveFormat, type FormatOptions, type OutputFormat } from './format.js';
export { ChunkedWriter, sinkEmitter } from './sink-writer.js';
export { renderTable, fitWidths, type TableSpec } from './table.js';
export { safeJson, terminalSafe } from './terminal-text.js';
export { clockDuration, localDateTime, offsetLabel } from './time.js';
export { AtomicFile } from './atomic-file.js';
