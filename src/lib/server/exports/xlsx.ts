import ExcelJS from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import { attachment, safeCell, type Column } from './table';

/**
 * Streams rows as an XLSX workbook with one sheet: bold Chinese header row, frozen, column widths set,
 * formula-like text neutralised, shared strings off so memory stays flat however many rows come.
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
      for await (const row of rows) sheet.addRow(columns.map((c) => safeCell(c.value(row)))).commit();
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
