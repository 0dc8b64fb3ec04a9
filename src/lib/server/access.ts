import { eq } from 'drizzle-orm';
import type { AstroGlobal } from 'astro';
import { getDb } from '../../../db/client';
import { teams, type Role } from '../../../db/schema';
import type { SessionUser } from './auth/session';
import { translator, type Locale } from '../../i18n';

/** Where each role lands after sign-in. */
export const HOME: Record<Role, string> = {
  learner: '/learn',
  supervisor: '/team',
  hr: '/reports',
  admin: '/admin/users',
};

/** Everyone signed in; pages that any role may open (lessons, quizzes, own password) use it. */
export const ANY_ROLE: readonly Role[] = ['learner', 'supervisor', 'hr', 'admin'];

/**
 * The page guard every page calls with the roles it needs: anonymous visitors are sent to sign in,
 * signed-in users without the role get a plain 403 page. Returns the user when allowed.
 */
export function requireRole(Astro: AstroGlobal, roles: readonly Role[]): SessionUser | Response {
  const user = Astro.locals.user;
  if (!user) {
    const next = Astro.url.pathname + Astro.url.search;
    return Astro.redirect(`/login?next=${encodeURIComponent(next)}`);
  }
  if (!roles.includes(user.role)) return forbiddenPage(Astro.locals.locale, HOME[user.role]);
  return user;
}

/** A plain 403 page in the user's language. */
export function forbiddenPage(locale: Locale, home: string): Response {
  const t = translator(locale);
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t('forbidden.title')} · ${t('app.name')}</title><style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2933;line-height:1.7}a{color:#0b6e4f}</style></head><body><main><h1>${t('forbidden.title')}</h1><p>${t('forbidden.body')}</p><p><a href="${home}">${t('forbidden.home')}</a></p></main></body></html>`;
  return new Response(html, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/** Ids of the teams this user supervises. */
export async function supervisedTeamIds(userId: number): Promise<number[]> {
  const db = await getDb();
  const rows = await db.select({ id: teams.id }).from(teams).where(eq(teams.supervisorId, userId));
  return rows.map((r) => r.id);
}

/** An attempt and its answers belong to the one who took it: nobody else may read or change it. */
export function canUseAttempt(viewer: SessionUser, attempt: { userId: number }): boolean {
  return viewer.id === attempt.userId;
}

/** Only administrators manage accounts and teams. */
export function canManageUsers(viewer: SessionUser): boolean {
  return viewer.role === 'admin';
}

/** HR and administrators read every employee's scores and reviews (pages, downloads, and the API by session). */
export function canReadHrData(viewer: { role: Role }): boolean {
  return viewer.role === 'hr' || viewer.role === 'admin';
}

/** The fields access decisions about an employee need. */
export interface EmployeeRef {
  id: number;
  teamId: number | null;
}

/**
 * Which teams' people this viewer may read: HR and admins every team (`'all'`), a supervisor the teams
 * they supervise, a learner none (only themselves, see `mayReadEmployee`).
 */
export async function readableTeams(viewer: SessionUser): Promise<'all' | number[]> {
  if (viewer.role === 'hr' || viewer.role === 'admin') return 'all';
  if (viewer.role === 'supervisor') return supervisedTeamIds(viewer.id);
  return [];
}

/** Who may see an employee's records: themselves, HR, admins, and the supervisor of their team. */
export async function mayReadEmployee(viewer: SessionUser, employee: EmployeeRef): Promise<boolean> {
  if (viewer.id === employee.id) return true;
  const scope = await readableTeams(viewer);
  return scope === 'all' || (employee.teamId !== null && scope.includes(employee.teamId));
}

/**
 * Who may act on an employee's training (assign, withdraw, grant an attempt, sign off): admins, and the
 * supervisor of the employee's team, never on themselves. HR reads but changes nothing here.
 */
export async function mayManageEmployee(viewer: SessionUser, employee: EmployeeRef): Promise<boolean> {
  if (viewer.id === employee.id) return false;
  if (viewer.role === 'admin') return true;
  if (viewer.role !== 'supervisor' || employee.teamId === null) return false;
  return (await supervisedTeamIds(viewer.id)).includes(employee.teamId);
}

/** Roles that act on employees' training at all; the per-employee check is `mayManageEmployee`. */
export function mayManageTraining(viewer: SessionUser): boolean {
  return viewer.role === 'supervisor' || viewer.role === 'admin';
}

/** The facts about an employee that decide who may inspect, judge or review them (the role matters: HR reviews supervisors). */
export interface ReviewedEmployee {
  id: number;
  role: Role;
  teamId: number | null;
}

/** A supervisor leads a learner of a team they supervise; supervisors themselves are HR's to review. */
export function leads(viewer: { id: number; role: Role }, employee: ReviewedEmployee, supervisedTeams: readonly number[]): boolean {
  return viewer.role === 'supervisor' && employee.role === 'learner' && employee.id !== viewer.id && employee.teamId !== null && supervisedTeams.includes(employee.teamId);
}

/** Daily inspections (000 9.1) are the supervisor's for their team; HR and admins record spot checks (9.3) on anyone, supervisors too. */
export function canInspect(viewer: { id: number; role: Role }, employee: ReviewedEmployee, supervisedTeams: readonly number[]): boolean {
  if (employee.role !== 'learner' && employee.role !== 'supervisor') return false;
  return leads(viewer, employee, supervisedTeams) || ((viewer.role === 'hr' || viewer.role === 'admin') && employee.id !== viewer.id);
}

/** Complaints against an employee are logged and judged by their supervisor, or by HR (for supervisors, or anyone). */
export function canHandleComplaints(viewer: { id: number; role: Role }, employee: ReviewedEmployee, supervisedTeams: readonly number[]): boolean {
  if (employee.role !== 'learner' && employee.role !== 'supervisor') return false;
  return leads(viewer, employee, supervisedTeams) || (viewer.role === 'hr' && employee.id !== viewer.id);
}

/** A review, drafts included, is read by the employee's supervisor and by HR and admins; the employee sees only approved ones. */
export function canReadReview(viewer: { id: number; role: Role }, employee: ReviewedEmployee, supervisedTeams: readonly number[]): boolean {
  return leads(viewer, employee, supervisedTeams) || canReadHrData(viewer);
}

/** The supervisor approves their team's reviews; HR approves supervisors' (and may approve anyone's, e.g. a team without a supervisor). */
export function canApproveReview(viewer: { id: number; role: Role }, employee: ReviewedEmployee, supervisedTeams: readonly number[]): boolean {
  return leads(viewer, employee, supervisedTeams) || (viewer.role === 'hr' && employee.id !== viewer.id);
}

/** Only HR reopens an approved review, with a reason (audited). */
export function canReopenReview(viewer: { role: Role }): boolean {
  return viewer.role === 'hr';
}
