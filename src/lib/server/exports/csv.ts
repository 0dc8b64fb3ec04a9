import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { attachment, csvCell, type Column } from './table';

/**
 * Streams rows as CSV: UTF-8 with a byte-order mark (so Excel on a Chinese Windows opens the Chinese
 * correctly), CRLF line ends, formula-like cells neutralised, date-times as organisation-local text.
 * Rows are written as they are read, so a year of scores never sits in memory.
 */
export function csvResponse<Row>(filename: string, columns: Column<Row>[], rows: AsyncIterable<Row>): Response {
  const csv = stringify({ bom: true, record_delimiter: 'windows', header: true, columns: columns.map((c) => c.header) });
  (async () => {
    try {
      for await (const row of rows) {
        const line = columns.map((c) => csvCell(c.value(row)));
        if (!csv.write(line)) await new Promise((resolve) => csv.once('drain', resolve));
      }
      csv.end();
    } catch (error) {
      csv.destroy(error as Error);
    }
  })();
  return new Response(Readable.toWeb(csv) as ReadableStream, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': attachment(filename) },
  });
}
