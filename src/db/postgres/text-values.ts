/**
 * PostgreSQL's text cannot hold the NUL character (U+0000), which SQLite's can, and which a call
 * log's JSON may carry (`\u0000` in a name). Written to PostgreSQL it becomes U+FFFD, the
 * replacement character, rather than failing the whole page; a value asked for that holds one can
 * match nothing stored.
 */
const NUL = /\u0000/g;

export function holdsNul(value: string): boolean {
  return value.includes('\u0000');
}

/** `row` with NUL replaced in every string value (shallow: rows are flat). */
export function storableRow<T extends object>(row: T): T {
  let copy: T | null = null;
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'string' && holdsNul(value)) {
      copy ??= { ...row };
      (copy as Record<string, unknown>)[key] = value.replace(NUL, '\ufffd');
    }
  }
  return copy ?? row;
}

/** A string as PostgreSQL stores it. */
export function storableText<T extends string | null>(value: T): T {
  return (value !== null && holdsNul(value) ? value.replace(NUL, '\ufffd') : value) as T;
}
