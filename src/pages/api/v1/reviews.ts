import type { APIRoute } from 'astro';
import { z } from 'zod';
import { json } from '../../../lib/server/http';
import { reviewJson, reviewPage } from '../../../lib/server/hr/monthly';
import { cursorAfter, cursorSchema, limitSchema, monthSchema, optionalTeamSchema } from '../../../lib/server/hr/query';
import { hrReader, readQuery } from '../../../lib/server/hr/reader';

const query = z.object({ month: monthSchema, team: optionalTeamSchema, cursor: cursorSchema.optional(), limit: limitSchema });

/**
 * `GET /api/v1/reviews?month=YYYY-MM[&team=ID][&cursor=…][&limit=…]`: every employee's review for the
 * month (approved ones as frozen, others as live drafts, leavers included; of one team with `team`), in
 * employee order, `limit` a page (only the last page may hold fewer); `nextCursor` is null exactly on the
 * last page. Bearer token with `reviews:read`, or an HR/admin session.
 */
export const GET: APIRoute = async (context) => {
  await hrReader(context, 'reviews:read');
  const q = readQuery(context, query);
  const page = await reviewPage(q.month, q.cursor ?? 0, q.limit, q.team);
  return json({ month: q.month, reviews: page.rows.map(reviewJson), nextCursor: page.lastId === null ? null : cursorAfter(page.lastId) });
};
