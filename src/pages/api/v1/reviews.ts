import type { APIRoute } from 'astro';
import { z } from 'zod';
import { json } from '../../../lib/server/http';
import { reviewJson, reviewPage } from '../../../lib/server/hr/monthly';
import { cursorAfter, cursorSchema, limitSchema, monthSchema } from '../../../lib/server/hr/query';
import { hrReader, readQuery } from '../../../lib/server/hr/reader';

const query = z.object({ month: monthSchema, cursor: cursorSchema.optional(), limit: limitSchema });

/**
 * `GET /api/v1/reviews?month=YYYY-MM[&cursor=…][&limit=…]`: every employee's review for the month
 * (approved ones as frozen, others as live drafts, leavers included), in employee order, a page at a
 * time; `nextCursor` is null on the last page. Bearer token with `reviews:read`, or an HR/admin session.
 */
export const GET: APIRoute = async (context) => {
  const reader = await hrReader(context, 'reviews:read');
  if (reader instanceof Response) return reader;
  const q = readQuery(context, query);
  if (q instanceof Response) return q;
  const page = await reviewPage(q.month, q.cursor ?? 0, q.limit);
  return json({ month: q.month, reviews: page.rows.map(reviewJson), nextCursor: page.lastId === null ? null : cursorAfter(page.lastId) });
};
