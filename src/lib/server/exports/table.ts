import { orgDateTime } from '../../time-zone';

/** What a download's cell holds: text, a number, an instant (a date-time column) or nothing. */
export type CellValue = string | number | Date | null;

/** A download's columns: a Chinese header and how to read the cell from a row. */
export interface Column<Row> {
  header: string;
  /**
   * The cell. A Date is an instant: CSV writes it as organisation-local text (`YYYY-MM-DD HH:mm`), XLSX
   * as a real date cell holding the same local wall-clock time.
   */
  value: (row: Row) => CellValue;
  /** Excel column width in characters. */
  width?: number;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralises a text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the
 * start: CSV/formula injection, OWASP) by putting an apostrophe in front. Numbers stay numbers. For CSV
 * only: a CSV cell is parsed by whatever opens it, while an XLSX string cell is text by its type and is
 * never run, so XLSX keeps the exact text (exports/xlsx.ts).
 */
export function safeCell(value: string | number | null): string | number | null {
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A cell as CSV writes it: instants as organisation-local text, formula-like text neutralised. */
export function csvCell(value: CellValue): string | number | null {
  return value instanceof Date ? orgDateTime(value) : safeCell(value);
}

/** `Content-Disposition` for a download whose name may be Chinese (RFC 6266 / 5987). */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
