import { eq } from 'drizzle-orm';
import type { AstroGlobal } from 'astro';
import { getDb } from '../../../db/client';
import { ROLES, teams, type Role } from '../../../db/schema';
import { translator, type Locale, type MessageKey } from '../../i18n';
import type { SessionUser } from './auth/session';
import { messagePage } from './http';

/**
 * Who may see what: the one place. Route prefixes and form actions map to the roles that may use
 * them; the middleware (src/middleware.ts) applies the tables to every request, the layout derives
 * its navigation from them, and services ask the object checks below (`canUseAttempt`, …) about
 * each record. `tests/unit/access-table.test.ts` fails when a page, endpoint or action has no entry.
 */

/** Where each role lands after sign-in. */
export const HOME: Record<Role, string> = {
  learner: '/learn',
  supervisor: '/team',
  hr: '/reports',
  admin: '/admin/users',
};

/** Everyone signed in: lessons, quizzes and one's own account are open to every role. */
const ANY_ROLE: readonly Role[] = ROLES;

/**
 * Who may use a route or action: `'public'` (anyone, signed in or not), `'bearer'` (the route checks
 * an `Authorization: Bearer` API token itself; sessions are not required), or the signed-in roles.
 */
export type Audience = 'public' | 'bearer' | readonly Role[];

export interface RouteRule {
  /** A path prefix matched on segment boundaries: `/team` covers `/team` and `/team/x`, not `/teams`. `/` matches only `/`. */
  prefix: string;
  audience: Audience;
  /** Shown in the header navigation (in table order) to the roles of `audience`; per role when the label differs. */
  nav?: MessageKey | Partial<Record<Role, MessageKey>>;
  /** Still usable by a user who must change their password first (everything else is refused to them). */
  duringPasswordChange?: true;
}

/** Every route, by prefix; the longest matching prefix wins. Add your page here when you add it. */
export const ROUTES: readonly RouteRule[] = [
  { prefix: '/', audience: 'public' },
  { prefix: '/404', audience: 'public', duringPasswordChange: true },
  { prefix: '/login', audience: 'public', duringPasswordChange: true },
  { prefix: '/logout', audience: 'public', duringPasswordChange: true },
  { prefix: '/account/password', audience: ANY_ROLE, duringPasswordChange: true },
  { prefix: '/account/locale', audience: 'public', duringPasswordChange: true },
  { prefix: '/learn', audience: ANY_ROLE, nav: 'nav.learn' },
  { prefix: '/learn/search', audience: ANY_ROLE, nav: 'nav.search' },
  { prefix: '/me', audience: ANY_ROLE, nav: { learner: 'nav.me' } },
  { prefix: '/me/reviews', audience: ['learner', 'supervisor'], nav: { learner: 'review.nav.mine' } },
  { prefix: '/quiz', audience: ANY_ROLE },
  { prefix: '/team', audience: ['supervisor', 'hr', 'admin'], nav: { supervisor: 'nav.team', hr: 'teamPage.titleAll', admin: 'teamPage.titleAll' } },
  { prefix: '/team/inspections', audience: ['supervisor', 'hr', 'admin'], nav: 'review.nav.inspections' },
  { prefix: '/team/complaints', audience: ['supervisor', 'hr'], nav: 'review.nav.complaints' },
  { prefix: '/team/reviews', audience: ['supervisor', 'hr', 'admin'], nav: 'review.nav.reviews' },
  { prefix: '/reports', audience: ['hr', 'admin'], nav: 'nav.reports' },
  /** The downloads take a token too (integrations, docs/hr-pull.md); `hrReader` checks token or session. */
  { prefix: '/reports/monthly.csv', audience: 'bearer' },
  { prefix: '/reports/monthly.xlsx', audience: 'bearer' },
  { prefix: '/reports/scores.csv', audience: 'bearer' },
  { prefix: '/reports/scores.xlsx', audience: 'bearer' },
  { prefix: '/admin/users', audience: ['admin'], nav: 'nav.users' },
  { prefix: '/admin/teams', audience: ['admin'], nav: 'nav.teams' },
  { prefix: '/admin/tokens', audience: ['admin'], nav: 'tokens.title' },
  { prefix: '/admin/import', audience: ['admin'], nav: 'admin.import.title' },
  { prefix: '/admin/audit', audience: ['admin'], nav: 'admin.audit.title' },
  { prefix: '/api/v1/session', audience: 'public', duringPasswordChange: true },
  { prefix: '/api/v1/attempts', audience: ANY_ROLE },
  { prefix: '/api/v1/assignments', audience: ANY_ROLE },
  { prefix: '/api/v1/me', audience: ANY_ROLE },
  /** A bearer token with the scope, or an HR/admin session: `hrReader` checks either. */
  { prefix: '/api/v1/scores', audience: 'bearer' },
  { prefix: '/api/v1/reviews', audience: 'bearer' },
];

export interface ActionRule {
  audience: Audience;
  duringPasswordChange?: true;
}

/** Every Astro Action by its dotted name (`admin.createUser`); an action not listed here is refused. */
export const ACTIONS: Readonly<Record<string, ActionRule>> = {
  signIn: { audience: 'public', duringPasswordChange: true },
  changePassword: { audience: ANY_ROLE, duringPasswordChange: true },
  signOutOthers: { audience: ANY_ROLE },
  'admin.unlockUser': { audience: ['admin'] },
  'admin.createUser': { audience: ['admin'] },
  'admin.setActive': { audience: ['admin'] },
  'admin.resetPassword': { audience: ['admin'] },
  'admin.createTeam': { audience: ['admin'] },
  'admin.setTeamSupervisor': { audience: ['admin'] },
  'learning.markStudied': { audience: ANY_ROLE },
  'learning.startQuiz': { audience: ANY_ROLE },
  'assigned.startRefresher': { audience: ANY_ROLE },
  'assigned.startReview': { audience: ANY_ROLE },
  'supervisor.assign': { audience: ['supervisor', 'admin'] },
  'supervisor.withdraw': { audience: ['supervisor', 'admin'] },
  'supervisor.grant': { audience: ['supervisor', 'admin'] },
  'supervisor.signOff': { audience: ['supervisor', 'admin'] },
  'admin.updateUser': { audience: ['admin'] },
  'admin.moveUsers': { audience: ['admin'] },
  'admin.renameTeam': { audience: ['admin'] },
  'admin.setTeamArchived': { audience: ['admin'] },
  /** The services decide who may act on whom (a team's supervisor, HR for supervisors, HR alone reopens). */
  'review.saveInspections': { audience: ['supervisor', 'hr', 'admin'] },
  'review.logComplaint': { audience: ['supervisor', 'hr'] },
  'review.judgeComplaint': { audience: ['supervisor', 'hr'] },
  'review.approve': { audience: ['supervisor', 'hr', 'admin'] },
  'review.reopen': { audience: ['supervisor', 'hr', 'admin'] },
  'tokens.issue': { audience: ['admin'] },
  'tokens.revoke': { audience: ['admin'] },
};

/** The answer for one request: go ahead, sign in first, not for this role, or no such action. */
export type Verdict = 'allow' | 'sign-in' | 'forbidden' | 'unknown';

function covers(prefix: string, path: string): boolean {
  if (prefix === '/') return path === '/';
  return path === prefix || path.startsWith(prefix + '/');
}

/** The rule for a path (the longest matching prefix), or undefined when no entry covers it. */
export function routeRule(path: string): RouteRule | undefined {
  let best: RouteRule | undefined;
  for (const rule of ROUTES) if (covers(rule.prefix, path) && (!best || rule.prefix.length > best.prefix.length)) best = rule;
  return best;
}

function judge(audience: Audience, user: SessionUser | null): Verdict {
  if (audience === 'public' || audience === 'bearer') return 'allow';
  if (!user) return 'sign-in';
  return audience.includes(user.role) ? 'allow' : 'forbidden';
}

/**
 * May this user (or an anonymous visitor) open this path? A path without an entry needs a signed-in
 * user. A `bearer` route is reached by anyone carrying a token (the route checks it) and by the API's
 * anonymous callers (to be told which token); a person without a session on a download signs in first.
 */
export function routeVerdict(path: string, user: SessionUser | null, carriesToken = false): Verdict {
  const audience = routeRule(path)?.audience ?? ANY_ROLE;
  if (audience === 'bearer' && !user && !carriesToken && !path.startsWith('/api/')) return 'sign-in';
  return judge(audience, user);
}

/** May this user run this action? An action without an entry is `unknown`. */
export function actionVerdict(name: string, user: SessionUser | null): Verdict {
  const rule = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
  return rule ? judge(rule.audience, user) : 'unknown';
}

/** May a user who must change their password still use this path or action? */
export function usableDuringPasswordChange(path: string, actionName?: string): boolean {
  if (actionName !== undefined) return Boolean(Object.hasOwn(ACTIONS, actionName) && ACTIONS[actionName].duringPasswordChange);
  return Boolean(routeRule(path)?.duringPasswordChange);
}

/** The header links this role sees, in table order. */
export function navFor(role: Role): { href: string; key: MessageKey }[] {
  return ROUTES.flatMap((r) => {
    if (!r.nav || !Array.isArray(r.audience) || !r.audience.includes(role)) return [];
    const key = typeof r.nav === 'string' ? r.nav : r.nav[role];
    return key ? [{ href: r.prefix, key }] : [];
  });
}

/** The nav link a path belongs to (the longest covering one), for `aria-current`. */
export function currentNav(path: string, links: readonly { href: string }[]): string | undefined {
  return links.filter((l) => covers(l.href, path)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

/**
 * The signed-in user of a page the table reserves for signed-in roles. The middleware has already
 * refused everyone else; the redirect here only guards a page whose table entry was made public.
 */
export function pageUser(Astro: AstroGlobal): SessionUser | Response {
  const user = Astro.locals.user;
  if (user) return user;
  return Astro.redirect(`/login?next=${encodeURIComponent(Astro.url.pathname + Astro.url.search)}`);
}

/** A plain 403 page in the user's language with a link to their home (for a record that is not theirs). */
export function forbiddenPage(locale: Locale, home: string): Response {
  return messagePage(locale, 403, 'forbidden.title', translator(locale)('forbidden.body'), home);
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
function leads(viewer: { id: number; role: Role }, employee: ReviewedEmployee, supervisedTeams: readonly number[]): boolean {
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
