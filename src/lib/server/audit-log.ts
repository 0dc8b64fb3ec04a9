import { and, desc, eq, gte, inArray, lt, or, type SQL } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { auditLog, teams, users, type AuditAction } from '../../../db/schema';
import { nextDay, orgDayStart } from '../time-zone';
import { detailIds, type AuditLookups } from './audit-details';
import { sameEmployeeNo } from './employee-lookup';

/**
 * Reading the audit log for /admin/audit: newest first by the time recorded (then by id), filtered by
 * who acted, what they did, what it was done to and the days (in the organisation's time zone), in
 * pages of `AUDIT_PAGE_SIZE` with a keyset cursor (the time and id of the last entry shown), so a
 * page costs the same however long the log grows. Rows are not always inserted in time order (the
 * demo seed writes weeks of history at once), so the id alone would not order them.
 */

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilter {
  /** The acting user's id (the page resolves a typed 用户名 or 工号 to it). */
  actorId?: number;
  action?: AuditAction;
  /** e.g. `user:12`, `team:3`. */
  subject?: string;
  /** First and last day, YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
  /** Show entries after this one in the order (the cursor of the next page). */
  before?: AuditCursor;
}

/** Where a page ends: the last entry's time (ms) and id. Written `<ms>-<id>` in links. */
export interface AuditCursor {
  at: number;
  id: number;
}

/** Reads a cursor written by `cursorText`; undefined when it is not one. */
export function parseCursor(text: string): AuditCursor | undefined {
  const match = /^(\d{1,15})-(\d{1,15})$/.exec(text);
  return match ? { at: Number(match[1]), id: Number(match[2]) } : undefined;
}

/** A cursor as it travels in the "older entries" link. */
export function cursorText(cursor: AuditCursor): string {
  return `${cursor.at}-${cursor.id}`;
}

export interface AuditEntry {
  id: number;
  at: Date;
  action: string;
  actorId: number | null;
  actorName: string | null;
  actorUsername: string | null;
  subject: string | null;
  /** A person-readable name for `user:…` and `team:…` subjects, when the record still exists. */
  subjectName: string | null;
  /** The 工号 of a `user:…` subject: the page puts it after the name in the reader's punctuation. */
  subjectEmployeeNo: string | null;
  details: unknown;
}

/** The user a typed 用户名 (any case) or 工号 names, for the actor filter. */
export async function findActor(text: string): Promise<{ id: number; name: string } | undefined> {
  const db = await getDb();
  const value = text.trim();
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(or(eq(users.username, value.toLowerCase()), sameEmployeeNo(value)))
    .get();
}

/** Every action that occurs in the log, for the filter's choices (new kinds appear by themselves). */
export async function auditActions(): Promise<string[]> {
  const db = await getDb();
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((r) => r.action);
}

/**
 * One page of entries, newest first, the cursor of the next (older) page if there is one, and the
 * names of every person and team the page's subjects and details mention (`auditDetailLines`).
 */
export async function auditPage(filter: AuditFilter): Promise<{ entries: AuditEntry[]; nextBefore: AuditCursor | null; lookups: AuditLookups }> {
  const db = await getDb();
  const where: SQL[] = [];
  if (filter.actorId !== undefined) where.push(eq(auditLog.actorId, filter.actorId));
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.subject) where.push(eq(auditLog.subject, filter.subject));
  if (filter.from) where.push(gte(auditLog.at, new Date(orgDayStart(filter.from))));
  if (filter.to) where.push(lt(auditLog.at, new Date(orgDayStart(nextDay(filter.to)))));
  if (filter.before !== undefined) {
    const at = new Date(filter.before.at);
    where.push(or(lt(auditLog.at, at), and(eq(auditLog.at, at), lt(auditLog.id, filter.before.id)))!);
  }
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      actorId: auditLog.actorId,
      actorName: users.name,
      actorUsername: users.username,
      subject: auditLog.subject,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(users, eq(auditLog.actorId, users.id))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const lookups = await namesOf(page);
  return {
    entries: page.map((r) => {
      const [kind, id] = subjectId(r.subject);
      const user = kind === 'user' ? lookups.users.get(id) : undefined;
      const team = kind === 'team' ? lookups.teams.get(id) : undefined;
      return { ...r, subjectName: user?.name ?? team ?? null, subjectEmployeeNo: user?.employeeNo ?? null };
    }),
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? { at: page[page.length - 1].at.getTime(), id: page[page.length - 1].id } : null,
    lookups,
  };
}

/** A `user:12` or `team:3` subject as its kind and id; anything else names no record. */
function subjectId(subject: string | null): ['user' | 'team', number] | [null, 0] {
  const match = subject ? /^(user|team):(\d{1,15})$/.exec(subject) : null;
  return match ? [match[1] as 'user' | 'team', Number(match[2])] : [null, 0];
}

/**
 * Names of the users and teams a page's subjects and details refer to, in one query for the people
 * and one for the teams, whatever the page holds. An id no longer in either table is simply absent.
 */
async function namesOf(page: { action: string; subject: string | null; details: unknown }[]): Promise<AuditLookups> {
  const userIds = new Set<number>();
  const teamIds = new Set<number>();
  for (const row of page) {
    const [kind, id] = subjectId(row.subject);
    if (kind === 'user') userIds.add(id);
    if (kind === 'team') teamIds.add(id);
    const ids = detailIds(row.action, row.details);
    for (const u of ids.users) userIds.add(u);
    for (const t of ids.teams) teamIds.add(t);
  }
  const db = await getDb();
  const [people, named] = await Promise.all([
    userIds.size ? db.select({ id: users.id, name: users.name, employeeNo: users.employeeNo }).from(users).where(inArray(users.id, [...userIds])) : [],
    teamIds.size ? db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, [...teamIds])) : [],
  ]);
  return {
    users: new Map(people.map((u) => [u.id, { name: u.name, employeeNo: u.employeeNo }])),
    teams: new Map(named.map((t) => [t.id, t.name])),
  };
}
