/** A download's columns: a Chinese header and how to read the cell from a row. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | null;
  /** Excel column width in characters. */
  width?: number;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralises a text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the
 * start: CSV/formula injection, OWASP) by putting an apostrophe in front. Numbers stay numbers.
 */
export function safeCell(value: string | number | null): string | number | null {
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** `Content-Disposition` for a download whose name may be Chinese (RFC 6266 / 5987). */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
