import ExcelJS from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import { orgWallClock } from '../../time-zone';
import { attachment, type CellValue, type Column } from './table';

/** How date-time cells are shown: the CSV's text form, while the cell stays a date Excel sorts and filters. */
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';

/**
 * A cell as XLSX writes it. Text stays exactly as it is: exceljs writes a string value as a string cell
 * (`t="str"`, no `<f>`), which Excel never runs as a formula, so the CSV's apostrophe would only corrupt
 * the text (a formula is written only from an object `{ formula }`, which no column returns). An instant
 * becomes the organisation's local wall-clock time (Excel dates have no time zone).
 */
function xlsxCell(value: CellValue): string | number | Date | null {
  return value instanceof Date ? orgWallClock(value) : value;
}

/**
 * Streams rows as an XLSX workbook with one sheet: bold Chinese header row, frozen, column widths set,
 * text as string cells, date-times as date cells, shared strings off so memory stays flat however many
 * rows come.
 */
export function xlsxResponse<Row>(filename: string, sheetName: string, columns: Column<Row>[], rows: AsyncIterable<Row>): Response {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 14 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  (async () => {
    try {
      for await (const row of rows) {
        const values = columns.map((c) => xlsxCell(c.value(row)));
        const added = sheet.addRow(values);
        values.forEach((v, i) => {
          if (v instanceof Date) added.getCell(i + 1).numFmt = DATE_TIME_FORMAT;
        });
        added.commit();
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': attachment(filename),
    },
  });
}
