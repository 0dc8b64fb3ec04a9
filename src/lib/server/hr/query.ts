import { z } from 'zod';
import { REVIEW_STATUSES } from '../../../../db/schema';
import { isMessageKey, ServiceError } from '../errors';
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

/** Page size of the JSON API: `?limit=` a whole number 1–1000 written in digits, default 500. */
export const limitSchema = z
  .string()
  .regex(/^\d{1,4}$/, 'hr.badLimit')
  .transform(Number)
  .pipe(z.number().min(1, 'hr.badLimit').max(1000, 'hr.badLimit'))
  .default(500);

/**
 * An optional query parameter: absent or empty means not given (a filter form's "all" option sends
 * `team=`); any other value must be valid, never quietly dropped. Also the admin list's filters (`user-list.ts`).
 */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
}

/**
 * `?team=`: a team's number. A name (`客服二组`) or anything but a positive whole number is 400
 * `hr.badTeam`; whether that team exists is the services' check (`requireTeam`, 400 `unknown_team`).
 */
export const teamSchema = z.string().regex(/^[1-9]\d{0,8}$/, 'hr.badTeam').transform(Number);

/** `?team=` where a team filter is optional (the reports, the token API). */
export const optionalTeamSchema = optional(teamSchema);

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
  team: optionalTeamSchema,
  grade: optional(z.enum([...REVIEW_GRADES, 'none'])),
  status: optional(z.enum(REVIEW_STATUSES)),
  sort: optional(z.enum(MONTHLY_SORTS)),
  dir: optional(z.enum(['asc', 'desc'])),
});
export type MonthlyQuery = z.infer<typeof monthlyQuerySchema>;

/**
 * The refusal of a query the schema rejected: 400 `invalid_query` naming the field, with the schema's
 * catalogue message, or for a value outside a fixed list (`grade`, `status`, `sort`, `dir`) the list of
 * allowed values. Parameter names the schema does not know are left out by zod and stay ignored.
 */
export function queryRefusal(error: z.ZodError): ServiceError {
  const issue = error.issues[0];
  const field = issue.path.join('.') || 'query';
  if (isMessageKey(issue.message)) return new ServiceError({ key: issue.message, status: 400, code: 'invalid_query', params: { field } });
  if (issue.code === 'invalid_value')
    return new ServiceError({ key: 'hr.badChoice', status: 400, code: 'invalid_query', params: { field, allowed: issue.values.map(String).join(', ') } });
  return new ServiceError({ key: 'error.invalid_input', status: 400, code: 'invalid_query', params: { field } });
}
