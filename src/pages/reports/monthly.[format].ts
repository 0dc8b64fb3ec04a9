import type { APIRoute } from 'astro';
import { monthlyDownload } from '../../lib/server/hr/downloads';
import { downloadFormat, monthlyQuerySchema } from '../../lib/server/hr/query';
import { hrReader, readQuery } from '../../lib/server/hr/reader';

/** `/reports/monthly.csv|xlsx?month=YYYY-MM[&team=&grade=&status=&sort=&dir=]`: the month's reviews as on the page; HR and admin. */
export const GET: APIRoute = async (context) => {
  const format = downloadFormat(context.params.format);
  if (!format) return new Response(null, { status: 404 });
  await hrReader(context, 'reviews:read');
  const q = readQuery(context, monthlyQuerySchema);
  return monthlyDownload(q.month, { teamId: q.team, grade: q.grade, status: q.status, sort: q.sort, desc: q.dir === 'desc' }, format);
};
