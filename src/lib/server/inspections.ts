import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull, lte, notInArray, or, sql } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { auditLog, inspections, teams, users, type Role } from '../../../db/schema';
import { DAY_ITEM, inspectionItem, type InspectionOutcome } from '../inspection-items';
import { isCalendarDay, orgToday } from '../time-zone';
import { canInspect, supervisedTeamIds } from './access';
import type { SessionUser } from './auth/session';
import { approvedMonths } from './reviews';
import { ServiceError } from './errors';

/** One recorded entry of the day, as the checklist shows it. */
export interface DayEntry {
  item: string;
  outcome: InspectionOutcome;
  note: string | null;
}

/** One person on the day's checklist: who, what was recorded, and whether their month is already approved (then read-only). */
export interface ChecklistMember {
  id: number;
  employeeNo: string | null;
  name: string;
  role: Role;
  teamId: number | null;
  /** Whether anything was recorded for them that day (of this inspector's kind). */
  recorded: boolean;
  /** The "inspected, everything else in order" entry is present. */
  dayOk: boolean;
  /** Entries for single rules (warnings, penalties, commendations, or a rule explicitly ok). */
  issues: DayEntry[];
  locked: boolean;
}

/**
 * A digest of what is stored for some people on one day (of one kind). The checklist form carries the
 * one it was drawn from, so a save from a page opened before someone else's save (another tab, a
 * phone) is refused instead of quietly deleting what was recorded meanwhile.
 */
function dayVersion(entries: { employeeId: number; item: string; outcome: string; note: string | null }[]): string {
  const lines = entries.map((e) => JSON.stringify([e.employeeId, e.item, e.outcome, e.note])).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

/** A real calendar day (YYYY-MM-DD) that is not in the future: inspections record what happened. */
function requirePastDay(date: string) {
  if (!isCalendarDay(date)) throw new ServiceError('review.inspect.badDate', 400);
  if (date > orgToday()) throw new ServiceError('review.inspect.futureDate', 400);
}

/** Employed on that day: no hire date on record, or hired on or before it. */
function hiredBy(date: string) {
  return or(isNull(users.hireDate), lte(users.hireDate, date));
}

/**
 * Supervisors inspect their teams' learners (daily, 9.1); HR and admins spot-check (9.3) one team, its
 * supervisor included. Only people active now and already hired on the day.
 */
async function checklistPeople(viewer: SessionUser, teamId: number | null, date: string) {
  const db = await getDb();
  const cols = { id: users.id, employeeNo: users.employeeNo, name: users.name, role: users.role, teamId: users.teamId };
  if (viewer.role === 'supervisor') {
    const supervised = await supervisedTeamIds(viewer.id);
    if (teamId !== null && !supervised.includes(teamId)) throw new ServiceError('review.notYourTeam', 403);
    const ids = teamId !== null ? [teamId] : supervised;
    if (ids.length === 0) return { people: [], spotCheck: false, supervised };
    const people = await db.select(cols).from(users)
      .where(and(inArray(users.teamId, ids), eq(users.role, 'learner'), eq(users.active, true), hiredBy(date)))
      .orderBy(users.employeeNo, users.id);
    return { people, spotCheck: false, supervised };
  }
  if (viewer.role !== 'hr' && viewer.role !== 'admin') throw new ServiceError('forbidden.body', 403);
  if (teamId === null) return { people: [], spotCheck: true, supervised: [] };
  const team = await db.select({ supervisorId: teams.supervisorId }).from(teams).where(eq(teams.id, teamId)).get();
  if (!team) throw new ServiceError('review.noTeam', 404);
  const people = await db.select(cols).from(users)
    .where(and(
      or(and(eq(users.teamId, teamId), inArray(users.role, ['learner', 'supervisor'])), team.supervisorId ? eq(users.id, team.supervisorId) : undefined),
      eq(users.active, true),
      hiredBy(date),
    ))
    .orderBy(sql`${users.role} = 'learner'`, users.employeeNo, users.id);
  return { people: people.filter((p) => p.id !== viewer.id), spotCheck: true, supervised: [] };
}

/**
 * The day's checklist for the viewer: their team's learners (a supervisor) or one team's members with
 * its supervisor (HR and admins, recording spot checks), each with what is already recorded. HR picks
 * a team first (`teams` lists them). `saved`: something is recorded that day for someone on the list.
 */
export async function inspectionDay(viewer: SessionUser, date: string, teamId: number | null = null) {
  requirePastDay(date);
  const { people, spotCheck } = await checklistPeople(viewer, teamId, date);
  const db = await getDb();
  const teamList = await db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(teams.name);
  const ids = people.map((p) => p.id);
  const entries = ids.length
    ? await db.select({ employeeId: inspections.employeeId, item: inspections.item, outcome: inspections.outcome, note: inspections.note })
        .from(inspections)
        .where(and(inArray(inspections.employeeId, ids), eq(inspections.date, date), eq(inspections.spotCheck, spotCheck)))
    : [];
  const locked = await approvedMonths(ids, [date.slice(0, 7)]);
  const members: ChecklistMember[] = people.map((p) => {
    const mine = entries.filter((e) => e.employeeId === p.id);
    return {
      ...p,
      recorded: mine.length > 0,
      dayOk: mine.some((e) => e.item === DAY_ITEM),
      issues: mine.filter((e) => e.item !== DAY_ITEM).map(({ item, outcome, note }) => ({ item, outcome, note })),
      locked: locked.has(`${p.id}:${date.slice(0, 7)}`),
    };
  });
  // The form sends only the people it may change (not those whose month is approved): so does the version.
  const editable = new Set(members.filter((m) => !m.locked).map((m) => m.id));
  const version = dayVersion(entries.filter((e) => editable.has(e.employeeId)));
  // Once the day was saved for anyone here, someone without a row was saved as not inspected.
  return { date, spotCheck, members, version, saved: entries.length > 0, teams: viewer.role === 'supervisor' ? [] : teamList };
}

/**
 * The rule entries of the checklist form, which sends them as parallel lists; a row whose item is
 * left empty is an unused blank row. The action reads them to save, the page to show a refused save again.
 */
export function formIssues<E, O>(form: { issueEmployee: E[]; issueItem: string[]; issueOutcome: O[]; issueNote: string[] }) {
  return form.issueEmployee
    .map((employeeId, i) => ({ employeeId, item: form.issueItem[i] ?? '', outcome: form.issueOutcome[i], note: form.issueNote[i] ?? '' }))
    .filter((issue) => issue.item !== '');
}

/** What the checklist form sends: everyone on it, who was inspected with nothing else to note, and the single-rule entries. */
export interface InspectionDayInput {
  date: string;
  teamId: number | null;
  employeeIds: number[];
  inspected: number[];
  issues: { employeeId: number; item: string; outcome: InspectionOutcome; note: string | null }[];
  /** `version` of the checklist the form was drawn from; when given, a day changed since is refused (409). */
  version?: string;
}

/**
 * Saves a whole team's day in one go: for each person on the form, what is recorded that day (of the
 * inspector's kind) becomes exactly what was sent. Refused whole (nothing changes) for a future or
 * malformed day (400), an item not on the list or an outcome it cannot have (400), someone the viewer
 * may not inspect (403), someone not yet hired that day (409: it would count in a month they did not
 * work), a person whose month's review is approved (409), or a form drawn before the day changed
 * (409 `review.inspect.changed`). Audited once per save.
 */
export async function saveInspectionDay(viewer: SessionUser, input: InspectionDayInput): Promise<{ people: number; entries: number }> {
  requirePastDay(input.date);
  const spotCheck = viewer.role === 'hr' || viewer.role === 'admin';
  const db = await getDb();
  const ids = [...new Set(input.employeeIds)];
  if (ids.length === 0) throw new ServiceError('review.inspect.nobody', 400);
  const onForm = new Set(ids);
  if (input.inspected.some((id) => !onForm.has(id)) || input.issues.some((i) => !onForm.has(i.employeeId))) throw new ServiceError('common.badInput', 400);
  const seen = new Set<string>();
  for (const issue of input.issues) {
    const item = inspectionItem(issue.item);
    if (!item || item.id === DAY_ITEM || !item.outcomes.includes(issue.outcome)) throw new ServiceError('review.inspect.badItem', 400);
    const key = `${issue.employeeId}:${issue.item}`;
    if (seen.has(key)) throw new ServiceError('review.inspect.duplicateItem', 400);
    seen.add(key);
  }
  const people = await db.select({ id: users.id, name: users.name, role: users.role, teamId: users.teamId, hireDate: users.hireDate }).from(users).where(inArray(users.id, ids));
  if (people.length !== ids.length) throw new ServiceError('review.noEmployee', 404);
  const supervised = await supervisedTeamIds(viewer.id);
  if (people.some((p) => !canInspect(viewer, p, supervised))) throw new ServiceError('review.notYourTeam', 403);
  const notYetHired = people.find((p) => p.hireDate !== null && p.hireDate > input.date);
  if (notYetHired) throw new ServiceError('review.inspect.beforeHire', 409, { name: notYetHired.name, hireDate: notYetHired.hireDate! });
  const month = input.date.slice(0, 7);
  if ((await approvedMonths(ids, [month])).size > 0) throw new ServiceError('review.inspect.lockedError', 409);

  const inspected = new Set(input.inspected);
  const rows = [
    ...ids.filter((id) => inspected.has(id)).map((employeeId) => ({ employeeId, item: DAY_ITEM, outcome: 'ok' as const, note: null })),
    ...input.issues.map((i) => ({ employeeId: i.employeeId, item: i.item, outcome: i.outcome, note: i.note?.trim() || null })),
  ];
  const now = new Date();
  await db.transaction(async (tx) => {
    if (input.version !== undefined) {
      const stored = await tx.select({ employeeId: inspections.employeeId, item: inspections.item, outcome: inspections.outcome, note: inspections.note })
        .from(inspections)
        .where(and(inArray(inspections.employeeId, ids), eq(inspections.date, input.date), eq(inspections.spotCheck, spotCheck)));
      if (dayVersion(stored) !== input.version) throw new ServiceError('review.inspect.changed', 409);
    }
    for (const id of ids) {
      const keep = rows.filter((r) => r.employeeId === id).map((r) => r.item);
      await tx.delete(inspections).where(and(
        eq(inspections.employeeId, id), eq(inspections.date, input.date), eq(inspections.spotCheck, spotCheck),
        keep.length ? notInArray(inspections.item, keep) : undefined,
      ));
    }
    if (rows.length)
      await tx
        .insert(inspections)
        .values(rows.map((r) => ({ ...r, date: input.date, spotCheck, inspectorId: viewer.id, createdAt: now })))
        .onConflictDoUpdate({
          target: [inspections.employeeId, inspections.date, inspections.item, inspections.spotCheck],
          set: { outcome: sql`excluded.outcome`, note: sql`excluded.note`, inspectorId: viewer.id, updatedAt: now },
          setWhere: sql`${inspections.outcome} IS NOT excluded.outcome OR ${inspections.note} IS NOT excluded.note`,
        });
    await tx.insert(auditLog).values({ actorId: viewer.id, action: spotCheck ? 'inspections.spotCheck' : 'inspections.save', subject: `day:${input.date}`, details: { people: ids.length, entries: rows.length, notable: input.issues.filter((i) => i.outcome !== 'ok').length }, at: now });
  });
  return { people: ids.length, entries: rows.length };
}
