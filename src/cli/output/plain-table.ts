import Table from 'cli-table3';

/** No borders: columns two spaces apart, as `ps` and `git` print them, so `grep` and `awk` still work. */
const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
  middle: '  ',
};

/**
 * A header and rows as aligned columns. cli-table3 measures cells in terminal columns (a CJK name
 * takes two a character, a combining accent none), which padding by string length gets wrong.
 * Lines end without trailing spaces.
 */
export function plainTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const table = new Table({
    head: [...header],
    chars: NO_BORDERS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  table.push(...rows.map((row) => [...row]));
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
