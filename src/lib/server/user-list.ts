import { and, asc, count, eq, isNull, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type Database } from '../../../db/client';
import { ROLES, teams, users, type Role } from '../../../db/schema';
import { optional, teamSchema } from './hr/query';
import { requireTeam } from './hr/teams';

/** People per page of /admin/users: a screenful a person still scans by eye, and one small query at 10,000 accounts. */
export const USER_PAGE_SIZE = 50;

/** Longest search text: a name holds at most 64 characters, so a longer search can never match. */
export const USER_SEARCH_MAX = 64;

/** The account states the list filters on. */
export const USER_STATUSES = ['active', 'inactive'] as const;

/**
 * `/admin/users?q=&team=&role=&status=&page=`. Each is optional (empty means not given, as a filter
 * form's "all" option sends it); anything else must be valid, never quietly dropped: a team by its
 * number or `none` (no team), a page as a whole number from 1. Messages are catalogue keys, so
 * `queryRefusal` answers in the reader's language. Whether a numbered team exists is `userPage`'s check.
 */
export const userListQuerySchema = z.object({
  q: optional(z.string().trim().max(USER_SEARCH_MAX, 'admin.users.searchTooLong')),
  team: optional(z.union([z.literal('none'), teamSchema], { error: 'hr.badTeam' })),
  role: optional(z.enum(ROLES)),
  status: optional(z.enum(USER_STATUSES)),
  page: optional(z.string().regex(/^[1-9]\d{0,5}$/, 'admin.users.badPage').transform(Number)),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;

/** One row of the admin list: never the password hash. */
export interface UserListRow {
  id: number;
  username: string;
  name: string;
  employeeNo: string | null;
  role: Role;
  active: boolean;
  teamId: number | null;
  teamName: string | null;
}

/** One page of the list, with what the page needs to say where it is ("共 N 人，第 x–y 人"). */
export interface UserPage {
  rows: UserListRow[];
  /** Everyone matching the filters, on every page. */
  total: number;
  /** The page shown (1-based), after clamping to the pages there are. */
  page: number;
  pages: number;
  /** Positions of the first and last row shown within `total` (1-based; 0 and 0 when nothing matches). */
  from: number;
  to: number;
}

/** A LIKE pattern matching `text` anywhere, with the wildcards `%` and `_` (and the escape) taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE clause of a query's filters. The search is one substring, so LIKE, and a scan of the filtered rows. */
function listWhere(query: Omit<UserListQuery, 'page'>): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (query.q) {
    // SQLite's LIKE ignores the case of ASCII letters, as the NOCASE 工号 index does: kf1 finds KF101.
    // Usernames are stored lower-case, so they match in any case too; Chinese names have no case.
    const pattern = containsPattern(query.q);
    const like = (column: SQLWrapper) => sql`${column} like ${pattern} escape '\\'`;
    conditions.push(or(like(users.name), like(users.username), like(users.employeeNo)));
  }
  if (query.team === 'none') conditions.push(isNull(users.teamId));
  else if (query.team !== undefined) conditions.push(eq(users.teamId, query.team));
  if (query.role) conditions.push(eq(users.role, query.role));
  if (query.status) conditions.push(eq(users.active, query.status === 'active'));
  return and(...conditions);
}

/**
 * One page of /admin/users, filtered and counted in SQL: the page once loaded every account and
 * filtered in JavaScript, one huge table at 10,000 employees. Search `q` is a substring of 姓名, 用户名
 * or 工号, letter case ignored; `team` a team's number or `none`; `role`, `status`. Ordered by 工号
 * (people without one first), then 用户名, as before. Paged by OFFSET, not a keyset: numbered pages and
 * "第 x–y 人" need the position anyway, and at 10,000 rows the deepest page skips 10,000 index entries.
 * A page past the end (a stale link after a move or deactivation) shows the last page, not an empty
 * table. A team number that does not exist is 400 `unknown_team` (`requireTeam`), so a mistyped
 * filter is said so instead of looking like an empty team.
 */
export async function userPage(query: UserListQuery): Promise<UserPage> {
  if (typeof query.team === 'number') await requireTeam(query.team);
  const db = await getDb();
  const [{ total }] = await db.select({ total: count() }).from(users).where(listWhere(query));
  const pages = Math.max(1, Math.ceil(total / USER_PAGE_SIZE));
  const page = Math.min(query.page ?? 1, pages);
  const rows: UserListRow[] = await userRowsQuery(db, query, page);
  const from = rows.length === 0 ? 0 : (page - 1) * USER_PAGE_SIZE + 1;
  return { rows, total, page, pages, from, to: from === 0 ? 0 : from + rows.length - 1 };
}

/**
 * The rows of one page, by 工号 then 用户名 through `users_list_order_idx`, so an unfiltered page reads
 * 50 rows in order instead of sorting every account. Exported for the query-plan test.
 */
export function userRowsQuery(db: Database, query: UserListQuery, page: number) {
  return listed(db)
    .where(listWhere(query))
    .orderBy(asc(users.employeeNo), asc(users.username))
    .limit(USER_PAGE_SIZE)
    .offset((page - 1) * USER_PAGE_SIZE);
}

/** The list's rows (never the password hash), each with its team's name. */
function listed(db: Database) {
  return db
    .select({
      id: users.id,
      username: users.username,
      name: users.name,
      employeeNo: users.employeeNo,
      role: users.role,
      active: users.active,
      teamId: users.teamId,
      teamName: teams.name,
    })
    .from(users)
    .leftJoin(teams, eq(users.teamId, teams.id))
    .$dynamic();
}

/** Every account with its team name, in the list's order: the team page's supervisor pickers. */
export async function listUsers(): Promise<UserListRow[]> {
  return listed(await getDb()).orderBy(asc(users.employeeNo), asc(users.username));
}
