import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { MessageParams } from '../../i18n';

/**
 * Reads an uploaded roster file into rows of text cells, whatever Excel or a text editor saved:
 * XLSX (recognised by its zip signature, not its name), or CSV in UTF-8 with or without a BOM, UTF-16
 * (Excel's "Unicode 文本") or GB18030 (Excel on a Chinese Windows). No I/O: bytes in, cells out.
 */

/** Limits that keep one upload from tying up the server: the request cap is the Node adapter's 1 MiB. */
export const ROSTER_LIMITS = {
  /** Bytes of the uploaded file; 1 MB of CSV is about 15,000 roster lines, far beyond `maxRows`. */
  maxFileBytes: 1_000_000,
  /** Data rows (header excluded) in one import: a whole site's staff, with margin. */
  maxRows: 5000,
} as const;

/** One non-empty row of the file with the line (CSV) or row number (XLSX) a person sees in their editor. */
export interface TableRow {
  line: number;
  cells: string[];
}

/** How the file was read, shown in the preview so the admin knows the encoding was understood. */
export type TableFormat = 'xlsx' | 'csv-utf-8' | 'csv-utf-8-bom' | 'csv-utf-16' | 'csv-gb18030';

/** A refusal of the whole file, as a catalogue key and its parameters. */
export interface FileIssue {
  key: 'admin.import.empty' | 'admin.import.tooLarge' | 'admin.import.tooManyRows' | 'admin.import.oldExcel' | 'admin.import.unreadable';
  params?: MessageParams;
}

export type TableResult = { ok: true; format: TableFormat; rows: TableRow[] } | { ok: false; issue: FileIssue };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** Reads the first worksheet of an XLSX or the whole of a CSV; refuses empty, oversized or too-long files. */
export async function readTable(bytes: Uint8Array): Promise<TableResult> {
  if (bytes.length === 0) return { ok: false, issue: { key: 'admin.import.empty' } };
  if (bytes.length > ROSTER_LIMITS.maxFileBytes) return { ok: false, issue: { key: 'admin.import.tooLarge', params: { max: '1 MB' } } };
  if (startsWith(bytes, OLE)) return { ok: false, issue: { key: 'admin.import.oldExcel' } };
  try {
    const result = startsWith(bytes, ZIP) ? await readXlsx(bytes) : readCsv(bytes);
    if ('issue' in result) return result;
    if (result.rows.length === 0) return { ok: false, issue: { key: 'admin.import.empty' } };
    return result;
  } catch {
    return { ok: false, issue: { key: 'admin.import.unreadable' } };
  }
}

/** Header plus `maxRows` data rows; one more means the file is too long. */
const tooMany = (rows: TableRow[]) => rows.length > ROSTER_LIMITS.maxRows + 1;
const tooManyIssue = (): { ok: false; issue: FileIssue } => ({ ok: false, issue: { key: 'admin.import.tooManyRows', params: { max: ROSTER_LIMITS.maxRows } } });

/** Text of a CSV: UTF-8 when it is valid UTF-8 (BOM or not), UTF-16 with its BOM, else GB18030. */
export function decodeCsv(bytes: Uint8Array): { text: string; format: TableFormat } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), format: 'csv-utf-8-bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), format: 'csv-utf-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), format: 'csv-utf-16' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), format: 'csv-utf-8' };
  } catch {
    // Not valid UTF-8: what Excel's "CSV (逗号分隔)" writes on a Chinese Windows is GB18030 (a superset of GBK).
    return { text: new TextDecoder('gb18030').decode(bytes), format: 'csv-gb18030' };
  }
}

/** Comma unless the header line has more tabs or semicolons (Excel's Unicode text, some European exports). */
function delimiterOf(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => first.split(c).length - 1;
  return ['\t', ';'].find((c) => count(c) > count(',')) ?? ',';
}

function readCsv(bytes: Uint8Array): { ok: true; format: TableFormat; rows: TableRow[] } | { ok: false; issue: FileIssue } {
  const { text, format } = decodeCsv(bytes);
  const records = parse(text, {
    delimiter: delimiterOf(text),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
    to: ROSTER_LIMITS.maxRows + 2,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const rows = records
    .map(({ record, info }) => ({ line: info.lines, cells: record.map((c) => c.trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  if (tooMany(rows)) return tooManyIssue();
  return { ok: true, format, rows };
}

/** Whether a cell's number format shows a date: y or d outside quoted text, [sections] and escapes, as in Excel's date formats. */
function isDateFormat(numFmt: string | undefined): boolean {
  return Boolean(numFmt) && /[yd]/i.test(numFmt!.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));
}

/** The day of an Excel serial number (1900 date system: day 25569 is 1970-01-01). */
function serialDay(serial: number): string {
  return new Date((Math.floor(serial) - 25569) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The text a person sees in a cell: rich text joined, a formula's result, a date as YYYY-MM-DD. A
 * formula's result is stored as a bare number even when it is a date (=DATE(2026,11,30) is 46356
 * formatted yyyy/m/d), so the cell's number format decides.
 */
function cellText(value: ExcelJS.CellValue | undefined, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    return typeof result === 'number' && isDateFormat(numFmt) ? serialDay(result) : cellText(result);
  }
  if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
  return '';
}

/** Streams the first worksheet and stops after the row limit, so a crafted workbook cannot fill memory. */
async function readXlsx(bytes: Uint8Array): Promise<{ ok: true; format: TableFormat; rows: TableRow[] } | { ok: false; issue: FileIssue }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  const rows: TableRow[] = [];
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      const cells = Array.from(values, (v, i) => cellText(v as ExcelJS.CellValue, row.getCell(i + 1).numFmt));
      if (cells.some((c) => c !== '')) rows.push({ line: row.number, cells });
      if (tooMany(rows)) return tooManyIssue();
    }
    break;
  }
  return { ok: true, format: 'xlsx', rows };
}
