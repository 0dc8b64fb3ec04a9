import type { APIRoute } from 'astro';
import { scoresDownload } from '../../lib/server/hr/downloads';
import { dateRangeSchema, downloadFormat } from '../../lib/server/hr/query';
import { hrReader, readQuery } from '../../lib/server/hr/reader';

/** `/reports/scores.csv|xlsx?from=&to=`: raw assessment scores, CSV (UTF-8 with BOM) or Excel; HR and admin. */
export const GET: APIRoute = async (context) => {
  const format = downloadFormat(context.params.format);
  if (!format) return new Response(null, { status: 404 });
  await hrReader(context, 'scores:read');
  const range = readQuery(context, dateRangeSchema);
  return scoresDownload(range, format);
};
