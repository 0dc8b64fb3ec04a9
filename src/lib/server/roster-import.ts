import { createHash, randomInt } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../../../db/client';
import { teams, users } from '../../../db/schema';
import { readTable, ROSTER_LIMITS, type TableFormat } from '../roster/read-table';
import { canonicalTable, checkTable, COLUMN_HEADERS, employeeNoKey, ROSTER_COLUMNS, type CheckedRow, type RosterColumn, type RowIssue } from '../roster/rows';
import { audit, type DbOrTx } from './audit';
import { hashRandomSecret } from './auth/password';
import { safeCell } from './exports/table';
import { teamsSupervisedBy } from './org-admin';
import { isUniqueViolation, ServiceError } from './errors';

/**
 * Roster import (/admin/import): a file is read and checked (src/lib/roster/), compared with the
 * database into a plan (create / update / unchanged per line, teams to create), previewed, and on
 * confirmation applied all or nothing. The confirm step sends back the checked lines and the plan's
 * digest; the plan is computed again inside the write transaction and must have the same digest, so
 * what is imported is exactly what was previewed, and a change made in between (another import, an
 * edit) refuses the import with 409 instead of doing something nobody saw.
 */

export type RowAction = 'create' | 'update' | 'unchanged';

/** A checked line with what importing it would do. `changes` lists the columns an update alters. */
export interface PlannedRow extends CheckedRow {
  action: RowAction | null;
  changes: RosterColumn[];
  /** The current value of each changed column, shown as "old → new" in the preview. */
  previous: Partial<Record<RosterColumn, string | null>>;
  /** The line names a team that does not exist yet: importing creates it. */
  newTeam: boolean;
  /** The account exists but is deactivated: import updates it and leaves it deactivated. */
  inactive: boolean;
}

export interface RosterPlan {
  format: TableFormat | null;
  /** Problems with the file or its header; when present there are no rows. */
  fileIssues: RowIssue[];
  rows: PlannedRow[];
  newTeams: string[];
  counts: Record<RowAction | 'invalid', number>;
  /** Importable: no problem anywhere and at least one line. */
  ok: boolean;
  /** SHA-256 over the lines and the plan; the confirm step must present it. */
  digest: string;
  /** The checked lines as JSON, for the confirm form's hidden field. */
  payload: string;
}

/** An account created by an import, with its one-time password (shown once, never stored in plain text). */
export interface CreatedAccount {
  employeeNo: string;
  name: string;
  username: string;
  password: string;
}

export interface ImportResult {
  created: CreatedAccount[];
  updated: number;
  unchanged: number;
  teamsCreated: string[];
}

/** Reads, checks and plans an uploaded file; nothing is written. */
export async function previewRoster(actorId: number, bytes: Uint8Array): Promise<RosterPlan> {
  const table = await readTable(bytes);
  if (!table.ok) return emptyPlan([table.issue]);
  return planRoster(await getDb(), actorId, table.format, checkTable(table.rows));
}

function emptyPlan(fileIssues: RowIssue[], format: TableFormat | null = null): RosterPlan {
  return { format, fileIssues, rows: [], newTeams: [], counts: { create: 0, update: 0, unchanged: 0, invalid: 0 }, ok: false, digest: '', payload: '[]' };
}

/** Compares checked lines with the database: who exists (by 工号), whose 用户名 is taken, which teams are new. */
async function planRoster(db: DbOrTx, actorId: number, format: TableFormat | null, checked: ReturnType<typeof checkTable>): Promise<RosterPlan> {
  if (checked.headerIssues.length > 0) return emptyPlan(checked.headerIssues, format);
  const valid = checked.rows.flatMap((r) => (r.row ? [r.row] : []));
  const numbers = valid.map((r) => r.employeeNo);
  const names = valid.map((r) => r.username);
  const known = numbers.length ? await db.select().from(users).where(inArray(sql`${users.employeeNo} collate nocase`, numbers)) : [];
  const owners = names.length ? await db.select({ id: users.id, username: users.username, employeeNo: users.employeeNo }).from(users).where(inArray(users.username, names)) : [];
  const allTeams = await db.select({ id: teams.id, name: teams.name, archivedAt: teams.archivedAt }).from(teams);
  const byNo = new Map(known.map((u) => [employeeNoKey(u.employeeNo!), u]));
  const byUsername = new Map(owners.map((u) => [u.username, u]));
  const teamByName = new Map(allTeams.map((t) => [t.name, t]));
  const teamName = new Map(allTeams.map((t) => [t.id, t.name]));
  const led = await teamsSupervisedBy(db, known.filter((u) => u.role === 'supervisor').map((u) => u.id));
  const newTeams = new Set<string>();

  const rows: PlannedRow[] = checked.rows.map((line) => {
    const planned: PlannedRow = { ...line, issues: [...line.issues], action: null, changes: [], previous: {}, newTeam: false, inactive: false };
    const row = line.row;
    if (!row) return planned;
    const existing = byNo.get(employeeNoKey(row.employeeNo));
    const owner = byUsername.get(row.username);
    if (owner && owner.id !== existing?.id)
      planned.issues.push({ key: 'admin.import.usernameTaken', params: { username: row.username, employeeNo: owner.employeeNo ?? '—' } });
    const team = row.team === null ? null : teamByName.get(row.team);
    if (team?.archivedAt) planned.issues.push({ key: 'admin.import.teamArchived', params: { team: team.name } });
    if (row.team !== null && !team) planned.newTeam = true;
    if (existing && existing.role !== row.role) {
      if (existing.id === actorId) planned.issues.push({ key: 'admin.import.ownRole' });
      const teamsLed = led.get(existing.id);
      if (teamsLed) planned.issues.push({ key: 'admin.import.stillSupervises', params: { teams: teamsLed } });
    }
    if (planned.issues.length > 0) return planned;
    if (planned.newTeam) newTeams.add(row.team!);
    if (!existing) return { ...planned, action: 'create' };
    const current: Record<Exclude<RosterColumn, 'employeeNo'>, string | null> = {
      name: existing.name,
      username: existing.username,
      role: existing.role,
      team: existing.teamId === null ? null : (teamName.get(existing.teamId) ?? null),
      hireDate: existing.hireDate,
    };
    const changes = (Object.keys(current) as (keyof typeof current)[]).filter((k) => current[k] !== row[k]);
    const previous = Object.fromEntries(changes.map((k) => [k, current[k]]));
    return { ...planned, action: changes.length ? 'update' : 'unchanged', changes, previous, inactive: !existing.active };
  });

  const counts = { create: 0, update: 0, unchanged: 0, invalid: 0 };
  for (const r of rows) counts[r.action ?? 'invalid'] += 1;
  const ok = rows.length > 0 && counts.invalid === 0;
  const payload = JSON.stringify(rows.map((r) => [r.line, ...ROSTER_COLUMNS.map((c) => r.raw[c])]));
  const planText = JSON.stringify(rows.map((r) => [r.action, r.changes, byNo.get(employeeNoKey(r.raw.employeeNo))?.id ?? null]));
  const digest = createHash('sha256').update(payload).update('\n').update(planText).update('\n').update(JSON.stringify([...newTeams])).digest('hex');
  return { format, fileIssues: [], rows, newTeams: [...newTeams], counts, ok, digest, payload };
}

/** The confirm form's hidden lines: line numbers and the six columns as text, at most the row limit. */
const cell = z.string().max(200);
const payloadSchema = z
  .array(z.tuple([z.number().int().positive(), cell, cell, cell, cell, cell, cell]))
  .min(1)
  .max(ROSTER_LIMITS.maxRows);

function parsePayload(payload: string): { line: number; raw: CheckedRow['raw'] }[] {
  let data: unknown;
  try {
    data = JSON.parse(payload);
  } catch {
    throw new ServiceError('admin.import.badPayload', 400);
  }
  const parsed = payloadSchema.safeParse(data);
  if (!parsed.success) throw new ServiceError('admin.import.badPayload', 400);
  return parsed.data.map(([line, ...cells]) => ({ line, raw: Object.fromEntries(ROSTER_COLUMNS.map((c, i) => [c, cells[i]])) as Record<RosterColumn, string> }));
}

/**
 * A confirm whose plan no longer matches, but where every line is now unchanged: the same import was
 * already applied, most likely by a double click or a re-sent form. Said so, because the first
 * response (with the passwords) may never have been seen.
 */
function alreadyApplied(plan: RosterPlan): boolean {
  return plan.ok && plan.counts.unchanged === plan.rows.length;
}

/** Letters and digits nobody confuses when reading them aloud or off a slip (no 0/o, 1/l/i). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password: 16 random characters (about 79 bits) in four groups, e.g. `k7mq-x2pf-h9ta-3wne`. */
export function oneTimePassword(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** Hashes many one-time passwords a few at a time on libuv's thread pool. */
async function hashAll(passwords: string[], parallel = 4): Promise<string[]> {
  const out: string[] = new Array(passwords.length);
  let next = 0;
  const worker = async () => {
    while (next < passwords.length) {
      const i = next++;
      out[i] = await hashRandomSecret(passwords[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, passwords.length) }, worker));
  return out;
}

/**
 * Imports what was previewed, all or nothing. `payload` and `digest` come from the preview; the plan is
 * recomputed inside one write transaction and must match, else 409 (`admin.import.changed`) and nothing
 * is written. New accounts get one-time passwords (hashed before the transaction, so it stays short)
 * and must change them at first sign-in. Every created team and account, every update and the import
 * itself are in the audit log.
 */
export async function importRoster(actorId: number, input: { payload: string; digest: string; fileName?: string }): Promise<ImportResult> {
  const lines = parsePayload(input.payload);
  const checked = checkTable(canonicalTable(lines));
  const db = await getDb();
  const preview = await planRoster(db, actorId, null, checked);
  if (!preview.ok) throw new ServiceError('admin.import.notImportable', 400);
  if (preview.digest !== input.digest) throw new ServiceError(alreadyApplied(preview) ? 'admin.import.alreadyImported' : 'admin.import.changed', 409);

  const creating = preview.rows.filter((r) => r.action === 'create');
  const passwords = creating.map(() => oneTimePassword());
  const hashes = await hashAll(passwords);
  const passwordOf = new Map(creating.map((r, i) => [r.line, { password: passwords[i], hash: hashes[i] }]));

  try {
    return await db.transaction(async (tx) => {
      const plan = await planRoster(tx, actorId, null, checked);
      if (!plan.ok || plan.digest !== input.digest) throw new ServiceError(alreadyApplied(plan) ? 'admin.import.alreadyImported' : 'admin.import.changed', 409);
      const teamIds = new Map((await tx.select({ id: teams.id, name: teams.name }).from(teams)).map((t) => [t.name, t.id]));
      for (const name of plan.newTeams) {
        const [team] = await tx.insert(teams).values({ name }).returning({ id: teams.id });
        teamIds.set(name, team.id);
        await audit(actorId, 'team.create', `team:${team.id}`, { name, via: 'import' }, tx);
      }
      const existing = new Map(
        (await tx.select({ id: users.id, employeeNo: users.employeeNo }).from(users).where(inArray(sql`${users.employeeNo} collate nocase`, plan.rows.map((r) => r.row!.employeeNo)))).map((u) => [employeeNoKey(u.employeeNo!), u.id]),
      );
      const created: CreatedAccount[] = [];
      for (const planned of plan.rows) {
        const row = planned.row!;
        const values = { name: row.name, username: row.username, role: row.role, teamId: row.team === null ? null : teamIds.get(row.team)!, hireDate: row.hireDate };
        if (planned.action === 'create') {
          const secret = passwordOf.get(planned.line)!;
          const [user] = await tx
            .insert(users)
            .values({ ...values, employeeNo: row.employeeNo, passwordHash: secret.hash, mustChangePassword: true })
            .returning({ id: users.id });
          await audit(actorId, 'user.create', `user:${user.id}`, { username: row.username, role: row.role, via: 'import' }, tx);
          created.push({ employeeNo: row.employeeNo, name: row.name, username: row.username, password: secret.password });
        } else if (planned.action === 'update') {
          const id = existing.get(employeeNoKey(row.employeeNo))!;
          await tx.update(users).set(values).where(inArray(users.id, [id]));
          await audit(actorId, 'user.update', `user:${id}`, { changes: Object.fromEntries(planned.changes.map((k) => [k, [planned.previous[k], row[k as keyof typeof row]]])), via: 'import' }, tx);
        }
      }
      const summary = { created: created.length, updated: plan.counts.update, unchanged: plan.counts.unchanged, teamsCreated: plan.newTeams };
      await audit(actorId, 'roster.import', input.fileName ? `file:${input.fileName.slice(0, 120)}` : undefined, summary, tx);
      return { created, updated: plan.counts.update, unchanged: plan.counts.unchanged, teamsCreated: plan.newTeams };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError('admin.import.clash', 409);
    throw error;
  }
}

/** A `data:` URL of a CSV (UTF-8 with BOM, so Excel reads the Chinese), for a download link on the page itself. */
function csvDataUrl(rows: (string | number | null)[][]): string {
  const text = rows.map((row) => row.map((cell) => {
    const value = String(safeCell(cell) ?? '');
    return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  }).join(',')).join('\r\n');
  return `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${text}\r\n`)}`;
}

/**
 * The one-time passwords of an import as a CSV download built into the result page itself: the
 * passwords exist only in that one response (the database keeps their argon2id hashes).
 */
export function passwordsDownload(created: CreatedAccount[]): string {
  return csvDataUrl([['工号', '姓名', '用户名', '一次性密码'], ...created.map((a) => [a.employeeNo, a.name, a.username, a.password])]);
}

/** An empty roster template with the six Chinese headers and one example line. */
export function templateDownload(): string {
  return csvDataUrl([ROSTER_COLUMNS.map((c) => COLUMN_HEADERS[c]), ['KF201', '王小明', 'wangxm', '客服专员', '客服中心', '2026-03-01']]);
}
