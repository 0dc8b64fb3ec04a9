import type { AuditAction } from '../../../db/schema';
import { listText, type Locale, type MessageKey, type MessageParams } from '../../i18n';
import { zhCN } from '../../i18n/zh-CN';
import { orgDateFormat } from '../time-zone';
import { moduleTitle } from './module-catalog';

/**
 * The audit log's details in words. Writers store small JSON objects with English field names and
 * ids (`{ changes: { role: ['learner', 'supervisor'], teamId: [1, 2] } }`); an admin asking "who
 * changed what" needs 角色：客服专员 → 客服主管 and 团队：客服中心 → 客服二组 in their language. Each
 * action's stored fields are declared here once, with a label and how the value reads; a field
 * nobody declared is still shown under its own name with its raw value, because a log that hides
 * what it holds is no log. `tests/unit/audit-details.test.ts` reads every writer and fails on a
 * field without a declaration here.
 */

/** How a stored value reads. */
type Kind =
  | 'text' | 'count' | 'ref' | 'user' | 'team' | 'role' | 'module' | 'assignKind' | 'day' | 'instant' | 'texts'
  | 'reviewFlags' | 'grade' | 'channel' | 'complaintStatus' | 'scopes' | 'yesNo' | 'via' | 'device';

type FieldLabel = Extract<MessageKey, `admin.audit.field.${string}`>;

/**
 * One stored field: its label and how its value reads. `pair` joins `from` and `to` into one
 * `old → new` line; `changes` is an object of `[old, new]` pairs, one line per field it names.
 */
type Field = { label: FieldLabel; kind: Kind; pair?: 'from' | 'to' } | { kind: 'changes'; fields: Fields };

type Fields = Readonly<Record<string, Field>>;

const field = (label: FieldLabel, kind: Kind = 'text'): Field => ({ label, kind });
/** `from` and `to` of one thing, shown as one line. */
const fromTo = (label: FieldLabel, kind: Kind = 'text'): Fields => ({ from: { label, kind, pair: 'from' }, to: { label, kind, pair: 'to' } });

/**
 * The fields inside `user.update`'s `changes` (each `[old, new]`): an admin's edit stores `teamId`,
 * a roster import the team's name as `team` (and may change the username and hire date).
 */
export const USER_CHANGE_FIELDS: Fields = {
  name: field('admin.audit.field.name'),
  employeeNo: field('admin.audit.field.employeeNo'),
  username: field('admin.audit.field.username'),
  role: field('admin.audit.field.role', 'role'),
  teamId: field('admin.audit.field.team', 'team'),
  team: field('admin.audit.field.team'),
  hireDate: field('admin.audit.field.hireDate', 'day'),
};

const via = field('admin.audit.field.via', 'via');
const teamName = field('admin.audit.field.teamName');

/** What every action stores in its details, field by field (an action without details has none). */
export const AUDIT_DETAIL_FIELDS: Readonly<Record<AuditAction, Fields>> = {
  'sign-in': { device: field('admin.audit.field.device', 'device') },
  'sign-in.disabled': {},
  'password.change': {},
  'sessions.sign-out-others': { sessions: field('admin.audit.field.sessionsEnded', 'count'), devices: field('admin.audit.field.devicesForgotten', 'count') },
  'user.create': { username: field('admin.audit.field.username'), role: field('admin.audit.field.role', 'role'), via },
  'user.update': { changes: { kind: 'changes', fields: USER_CHANGE_FIELDS }, via },
  'user.move': fromTo('admin.audit.field.team', 'team'),
  'user.activate': {},
  'user.deactivate': {},
  'user.reset-password': {},
  'user.unlock': {},
  'team.create': { name: teamName, supervisorId: field('admin.audit.field.supervisor', 'user'), via },
  'team.rename': fromTo('admin.audit.field.teamName'),
  'team.archive': { name: teamName },
  'team.restore': { name: teamName },
  'team.set-supervisor': { supervisorId: field('admin.audit.field.supervisor', 'user') },
  'roster.import': {
    created: field('admin.audit.field.created', 'count'),
    updated: field('admin.audit.field.updated', 'count'),
    unchanged: field('admin.audit.field.unchanged', 'count'),
    teamsCreated: field('admin.audit.field.teamsCreated', 'texts'),
  },
  'token.issue': { name: field('admin.audit.field.tokenName'), scope: field('admin.audit.field.scope', 'scopes'), expiresAt: field('admin.audit.field.expiresAt', 'instant') },
  'token.revoke': { name: field('admin.audit.field.tokenName') },
  'assignment.create': {
    assignmentId: field('admin.audit.field.assignment', 'ref'),
    module: field('admin.audit.field.module', 'module'),
    kind: field('admin.audit.field.kind', 'assignKind'),
    dueDate: field('admin.audit.field.dueDate', 'day'),
    topics: field('admin.audit.field.topics', 'texts'),
  },
  'assignment.withdraw': { assignmentId: field('admin.audit.field.assignment', 'ref'), module: field('admin.audit.field.module', 'module') },
  'attempt.grant': { grantId: field('admin.audit.field.grant', 'ref'), quizId: field('admin.audit.field.module', 'module'), reason: field('admin.audit.field.reason') },
  'golive.signoff': goLive(),
  'golive.override': goLive(),
  'review.approve': {
    employeeId: field('admin.audit.field.employee', 'user'),
    month: field('admin.audit.field.month'),
    total: field('admin.audit.field.total', 'count'),
    grade: field('admin.audit.field.grade', 'grade'),
    flags: field('admin.audit.field.flags', 'reviewFlags'),
    policyVersion: field('admin.audit.field.policyVersion'),
    reopened: field('admin.audit.field.afterReopen', 'yesNo'),
  },
  'review.reopen': { employeeId: field('admin.audit.field.employee', 'user'), month: field('admin.audit.field.month'), reason: field('admin.audit.field.reason') },
  'inspections.save': inspections(),
  'inspections.spotCheck': inspections(),
  'complaint.log': { employeeId: field('admin.audit.field.employee', 'user'), date: field('admin.audit.field.complaintDate', 'day'), channel: field('admin.audit.field.channel', 'channel') },
  'complaint.judge': { employeeId: field('admin.audit.field.employee', 'user'), ...fromTo('admin.audit.field.verdict', 'complaintStatus') },
};

function goLive(): Fields {
  return {
    date: field('admin.audit.field.goLiveDate', 'day'),
    passed: field('admin.audit.field.requiredPassed', 'count'),
    required: field('admin.audit.field.requiredModules', 'count'),
    reason: field('admin.audit.field.reason'),
  };
}

function inspections(): Fields {
  return { people: field('admin.audit.field.people', 'count'), entries: field('admin.audit.field.entries', 'count'), notable: field('admin.audit.field.notable', 'count') };
}

/** Names of the people and teams a page of entries mentions, looked up once for the page. */
export interface AuditLookups {
  users: ReadonlyMap<number, { name: string; employeeNo: string | null }>;
  teams: ReadonlyMap<number, string>;
}

/** One line of an entry's details; `label` is null only for details that are not an object at all. */
export interface DetailLine {
  label: string | null;
  value: string;
}

type Translate = (key: MessageKey, params?: MessageParams) => string;

/**
 * Field names that would hold a secret. No writer stores one (the unit test checks), but should one
 * ever arrive, the line says the field is there and never what it holds.
 */
const SECRET = /password|hash|secret|^token$|^otp$/i;

/** The fields an action's details declare, or none for an action this code does not know. */
function fieldsOf(action: string): Fields {
  return Object.hasOwn(AUDIT_DETAIL_FIELDS, action) ? AUDIT_DETAIL_FIELDS[action as AuditAction] : {};
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A declared field by its stored name (own properties only: a key named `constructor` is just unknown). */
function own(fields: Fields, key: string): Field | undefined {
  return Object.hasOwn(fields, key) ? fields[key] : undefined;
}

/**
 * The ids of people and teams an entry's details name (supervisors, employees, `user.move`'s teams,
 * `user.update`'s team), so the page can look all of them up in one query before formatting.
 */
export function detailIds(action: string, details: unknown): { users: number[]; teams: number[] } {
  const found = { users: [] as number[], teams: [] as number[] };
  const add = (f: Field | undefined, value: unknown) => {
    if (!f || f.kind === 'changes' || !Number.isSafeInteger(value)) return;
    if (f.kind === 'user') found.users.push(value as number);
    if (f.kind === 'team') found.teams.push(value as number);
  };
  if (!isRecord(details)) return found;
  const fields = fieldsOf(action);
  for (const [key, value] of Object.entries(details)) {
    const f = own(fields, key);
    if (f?.kind === 'changes' && isRecord(value)) {
      for (const [name, change] of Object.entries(value)) if (Array.isArray(change)) for (const v of change) add(own(f.fields, name), v);
    } else add(f, value);
  }
  return found;
}

/**
 * An entry's details as labelled lines in the reader's language, in the order the writer stored
 * them: people as 姓名（工号）, teams by name (an id no longer in the lookups as `#12`), roles, kinds,
 * grades and channels through their catalogue labels, instants in the organisation's time zone.
 * Calendar days and months stay as stored (2026-12-20), as the assignment list shows them. A field
 * the action does not declare keeps its own name and raw value, so nothing stored is hidden; a
 * field whose name says it holds a secret shows only that it is there.
 */
export function auditDetailLines(action: string, details: unknown, lookups: AuditLookups, t: Translate, locale: Locale): DetailLine[] {
  if (details === null || details === undefined) return [];
  if (!isRecord(details)) return [{ label: null, value: raw(details) }];
  const show = (kind: Kind, value: unknown) => shown(kind, value, lookups, t, locale);
  const lines = (fields: Fields, values: Record<string, unknown>): DetailLine[] =>
    Object.entries(values).flatMap(([key, value]): DetailLine[] => {
      const f = own(fields, key);
      if (SECRET.test(key)) return [{ label: key, value: t('admin.audit.value.hidden') }];
      if (!f) return [{ label: key, value: raw(value) }];
      if (f.kind === 'changes') {
        if (!isRecord(value)) return [{ label: key, value: raw(value) }];
        return Object.entries(value).flatMap(([name, change]) => {
          const inner = own(f.fields, name);
          if (!inner || inner.kind === 'changes' || SECRET.test(name) || !Array.isArray(change) || change.length !== 2) return lines({}, { [name]: change });
          return [{ label: t(inner.label), value: `${show(inner.kind, change[0])} → ${show(inner.kind, change[1])}` }];
        });
      }
      if (f.pair === 'to' && own(fields, 'from')?.kind === f.kind && 'from' in values) return [];
      if (f.pair) return [{ label: t(f.label), value: `${show(f.kind, values.from)} → ${show(f.kind, values.to)}` }];
      return [{ label: t(f.label), value: show(f.kind, value) }];
    });
  return lines(fieldsOf(action), details);
}

/** A value as stored: text as it is, anything else as JSON. */
function raw(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** A catalogue label `prefix + value` when there is one, else the value as stored. */
function labelled(t: Translate, prefix: string, value: unknown): string {
  const key = `${prefix}${String(value)}`;
  return typeof value === 'string' && Object.hasOwn(zhCN, key) ? t(key as MessageKey) : raw(value);
}

/** One value read as its kind; a value of an unexpected shape is shown raw rather than guessed at. */
function shown(kind: Kind, value: unknown, lookups: AuditLookups, t: Translate, locale: Locale): string {
  if (value === null || value === undefined) return t(kind === 'team' ? 'admin.audit.value.noTeam' : 'admin.audit.value.none');
  const id = Number.isSafeInteger(value) ? (value as number) : null;
  switch (kind) {
    case 'user': {
      const person = id === null ? undefined : lookups.users.get(id);
      if (!person) return id === null ? raw(value) : `#${id}`;
      return person.employeeNo ? `${person.name}${t('common.inParens', { note: person.employeeNo })}` : person.name;
    }
    case 'team':
      return id === null ? raw(value) : (lookups.teams.get(id) ?? `#${id}`);
    case 'ref':
      return id === null ? raw(value) : `#${id}`;
    case 'role':
      return labelled(t, 'role.', value);
    case 'module':
      return typeof value === 'string' ? moduleTitle(value, locale) : raw(value);
    case 'assignKind':
      return labelled(t, 'assign.kind.', value);
    case 'grade':
      return labelled(t, 'review.grade.', value);
    case 'channel':
      return labelled(t, 'review.channel.', value);
    case 'complaintStatus':
      return labelled(t, 'review.complaintStatus.', value);
    case 'reviewFlags':
      return listOf(value, (flag) => labelled(t, 'review.flag.', flag), t, locale);
    case 'texts':
      return listOf(value, raw, t, locale);
    case 'scopes':
      return typeof value === 'string' ? listOf(value.split(',').filter(Boolean), (s) => labelled(t, 'tokens.scope.', s), t, locale) : raw(value);
    case 'instant': {
      const at = typeof value === 'string' ? new Date(value) : null;
      return at && !Number.isNaN(at.getTime()) ? orgDateFormat(locale, 'dayTime').format(at) : raw(value);
    }
    case 'yesNo':
      return typeof value === 'boolean' ? t(value ? 'admin.audit.value.yes' : 'admin.audit.value.no') : raw(value);
    case 'via':
      return value === 'import' ? t('admin.audit.value.import') : raw(value);
    case 'device':
      return value === 'trusted' ? t('admin.audit.value.trustedDevice') : raw(value);
    case 'count':
    case 'day':
    case 'text':
      return raw(value);
  }
}

/** A list in the reader's punctuation (none when empty); anything but a list is shown raw. */
function listOf(value: unknown, item: (x: unknown) => string, t: Translate, locale: Locale): string {
  if (!Array.isArray(value)) return raw(value);
  return value.length === 0 ? t('admin.audit.value.none') : listText(locale, value.map(item));
}
