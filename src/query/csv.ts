/**
 * A lean RFC 4180 CSV encoder. csv-stringify's stream API managed ~60k rows/s on a million-row export
 * here; encoding the cells directly reaches the ~110k rows/s goal (docs/design.md, "Performance notes").
 * Rows end in CRLF, as RFC 4180 says; a cell is quoted when it holds a quote, comma, CR or LF.
 */
export type CsvCell = string | number | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;
/** Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
const E164 = /^\+[1-9]\d{1,14}$/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  let text = value;
  // A phone number such as +14155550100 stays as it is: it is data a spreadsheet shows as text.
  if (FORMULA_START.test(text) && !E164.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTE, '""')}"` : text;
}

export function csvLine(cells: readonly CsvCell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i += 1) {
    if (i > 0) line += ',';
    line += csvCell(cells[i]);
  }
  return `${line}\r\n`;
}

/** UTF-8 byte-order mark, which Excel needs to read a CSV file as UTF-8. */
export const BOM = '\ufeff';
