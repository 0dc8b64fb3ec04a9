import type { APIRoute } from 'astro';
import { z } from 'zod';
import { json } from '../../../lib/server/http';
import { cursorAfter, cursorSchema, dateRangeSchema, limitSchema, optionalTeamSchema } from '../../../lib/server/hr/query';
import { hrReader, readQuery } from '../../../lib/server/hr/reader';
import { scorePage } from '../../../lib/server/hr/scores';

const query = z.intersection(dateRangeSchema, z.object({ team: optionalTeamSchema, cursor: cursorSchema.optional(), limit: limitSchema }));

/**
 * `GET /api/v1/scores?from=YYYY-MM-DD&to=YYYY-MM-DD[&team=ID][&cursor=…][&limit=…]`: every submitted
 * assessment attempt in the range (of one team's current members with `team`), leavers included, a page
 * at a time; `nextCursor` is null on the last page. Bearer token with `scores:read`, or an HR/admin session.
 */
export const GET: APIRoute = async (context) => {
  await hrReader(context, 'scores:read');
  const q = readQuery(context, query);
  const rows = await scorePage(q, q.cursor ?? 0, q.limit + 1);
  const page = rows.slice(0, q.limit);
  const more = rows.length > q.limit;
  return json({
    from: q.from,
    to: q.to,
    scores: page.map((r) => ({
      attemptId: r.attemptId,
      employeeNo: r.employeeNo,
      name: r.name,
      team: r.team,
      active: r.active,
      module: r.module,
      score: r.score,
      passed: r.passed,
      timedOut: r.timedOut,
      startedAt: r.startedAt.toISOString(),
      submittedAt: r.submittedAt.toISOString(),
    })),
    nextCursor: more ? cursorAfter(page[page.length - 1].attemptId) : null,
  });
};
