import { z } from 'zod';
import { REVIEW_STATUSES } from '../../../../db/schema';
import { REVIEW_GRADES } from '../../../scoring/policy';
import { isCalendarDay, orgToday } from '../../time-zone';
import { MONTHLY_SORTS } from './monthly';

/** A calendar day written YYYY-MM-DD that exists (2026-02-30 does not). */
const day = z.string().refine(isCalendarDay, 'hr.badDate');

/** Longest date range one request may ask for: a year of raw scores, so a pull stays bounded. */
const MAX_RANGE_DAYS = 366;

/**
 * `?from=&to=` of the raw score pulls: both days valid, from ≤ to, at most a year apart. Messages are
 * catalogue keys (hr area) so pages and the API speak the reader's language.
 */
export const dateRangeSchema = z
  .object({ from: day, to: day })
  .refine((r) => r.from <= r.to, { message: 'hr.fromAfterTo' })
  .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 < MAX_RANGE_DAYS, { message: 'hr.rangeTooLong' });

/** `?month=YYYY-MM`: a real month, not after the current one in the organisation's time zone. */
export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'hr.badMonth')
  .refine((m) => m <= orgToday().slice(0, 7), 'hr.futureMonth');

/** Page size of the JSON API: `?limit=` 1–1000, default 500. */
export const limitSchema = z.coerce.number().int().min(1).max(1000).default(500);

/** An opaque cursor: the last row id of the previous page, base64url-encoded. */
export const cursorSchema = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const id = Number(Buffer.from(v, 'base64url').toString('utf8'));
    if (!Number.isSafeInteger(id) || id < 0) {
      ctx.addIssue({ code: 'custom', message: 'hr.badCursor' });
      return z.NEVER;
    }
    return id;
  });

/** The cursor that continues after a row id. */
export function cursorAfter(id: number): string {
  return Buffer.from(String(id), 'utf8').toString('base64url');
}

/** The download formats HR gets: `csv` or `xlsx` from a route like `/reports/scores.[format]`. */
export function downloadFormat(value: string | undefined): 'csv' | 'xlsx' | null {
  return value === 'csv' || value === 'xlsx' ? value : null;
}

/** `/reports/monthly` and its downloads: the month, and HR's optional filters and order. */
export const monthlyQuerySchema = z.object({
  month: monthSchema,
  team: z.coerce.number().int().positive().optional().catch(undefined),
  grade: z.enum([...REVIEW_GRADES, 'none']).optional().catch(undefined),
  status: z.enum(REVIEW_STATUSES).optional().catch(undefined),
  sort: z.enum(MONTHLY_SORTS).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
});
export type MonthlyQuery = z.infer<typeof monthlyQuerySchema>;
