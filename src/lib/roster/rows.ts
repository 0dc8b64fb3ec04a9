import { ROLES, type Role } from '../../../db/schema';
import type { MessageKey, MessageParams } from '../../i18n';
import type { TableRow } from './read-table';

/**
 * The roster's columns and the rules for one row, checked without the database: required fields,
 * lengths, a real date, a known role, and no 工号 or 用户名 twice in the file. What the database adds
 * (a 用户名 owned by another 工号, archived teams, create or update) is `src/lib/server/roster-import.ts`.
 */

export const ROSTER_COLUMNS = ['employeeNo', 'name', 'username', 'role', 'team', 'hireDate'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

/** The header of each column in the template and in messages: the staff's spreadsheets are Chinese. */
export const COLUMN_HEADERS: Record<RosterColumn, string> = {
  employeeNo: '工号',
  name: '姓名',
  username: '用户名',
  role: '角色',
  team: '团队',
  hireDate: '入职日期',
};

/** Headers accepted for each column: the Chinese ones and their English names, case and spacing ignored. */
const HEADER_ALIASES: Record<string, RosterColumn> = {
  工号: 'employeeNo',
  employeeno: 'employeeNo',
  姓名: 'name',
  name: 'name',
  用户名: 'username',
  username: 'username',
  角色: 'role',
  role: 'role',
  团队: 'team',
  team: 'team',
  入职日期: 'hireDate',
  hiredate: 'hireDate',
};

/** Role as written in the file: the Chinese titles the staff use, or the system's own codes. */
const ROLE_WORDS: Record<string, Role> = {
  客服专员: 'learner',
  客服主管: 'supervisor',
  人力资源: 'hr',
  系统管理员: 'admin',
  ...Object.fromEntries(ROLES.map((r) => [r, r])),
};

/** A username as the sign-in form accepts it (lower-cased before the check). */
const USERNAME_PATTERN = /^[a-z0-9._-]{3,32}$/;
const MAX = { employeeNo: 32, name: 64, team: 64 } as const;

/** One valid roster line, normalised: username lower-case, date YYYY-MM-DD, empty team or date as null. */
export interface RosterRow {
  line: number;
  employeeNo: string;
  name: string;
  username: string;
  role: Role;
  team: string | null;
  hireDate: string | null;
}

/** A problem with one row or the header, as a catalogue key and its parameters. */
export interface RowIssue {
  key: MessageKey;
  params?: MessageParams;
}

/** A line of the file as typed (`raw`), its normalised row when it is valid, and its problems. */
export interface CheckedRow {
  line: number;
  raw: Record<RosterColumn, string>;
  row: RosterRow | null;
  issues: RowIssue[];
}

export interface CheckedTable {
  /** Problems with the header (missing or repeated columns); when present no row is read. */
  headerIssues: RowIssue[];
  rows: CheckedRow[];
}

function headerKey(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/[（(][^)）]*[)）]/g, '')
    .replace(/[\s*＊_-]/g, '')
    .toLowerCase();
}

/** Which column each header cell is, or the header's problems. */
function readHeader(cells: string[]): { columns: Map<RosterColumn, number>; issues: RowIssue[] } {
  const columns = new Map<RosterColumn, number>();
  const issues: RowIssue[] = [];
  cells.forEach((cell, index) => {
    const column = HEADER_ALIASES[headerKey(cell)];
    if (!column) return;
    if (columns.has(column)) issues.push({ key: 'admin.import.repeatedColumn', params: { column: COLUMN_HEADERS[column] } });
    else columns.set(column, index);
  });
  const missing = ROSTER_COLUMNS.filter((c) => !columns.has(c)).map((c) => COLUMN_HEADERS[c]);
  if (missing.length > 0) issues.unshift({ key: 'admin.import.missingColumns', params: { columns: missing } });
  return { columns, issues };
}

/**
 * A calendar date written the ways spreadsheets write it (2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日)
 * as YYYY-MM-DD, or null when it is not a real day.
 */
export function parseDay(text: string): string | null {
  const match = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!match) return null;
  const [y, m, d] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** The role a cell names (Chinese title or code, case ignored), or null. */
export function roleOf(text: string): Role | null {
  return ROLE_WORDS[text.trim().toLowerCase()] ?? ROLE_WORDS[text.trim()] ?? null;
}

/** Checks one line on its own (no duplicates, no database). */
function checkRow(line: number, raw: Record<RosterColumn, string>): CheckedRow {
  const issues: RowIssue[] = [];
  const missing = (['employeeNo', 'name', 'username', 'role'] as const).filter((c) => raw[c] === '');
  for (const column of missing) issues.push({ key: 'admin.import.missingField', params: { column: COLUMN_HEADERS[column] } });

  const username = raw.username.toLowerCase();
  if (raw.employeeNo && (raw.employeeNo.length > MAX.employeeNo || /\s/.test(raw.employeeNo)))
    issues.push({ key: 'admin.import.badEmployeeNo', params: { max: MAX.employeeNo } });
  if (raw.name.length > MAX.name) issues.push({ key: 'admin.import.nameTooLong', params: { max: MAX.name } });
  if (raw.username && !USERNAME_PATTERN.test(username)) issues.push({ key: 'admin.import.badUsername', params: { value: raw.username } });
  const role = raw.role ? roleOf(raw.role) : null;
  if (raw.role && !role) issues.push({ key: 'admin.import.badRole', params: { value: raw.role } });
  if (raw.team.length > MAX.team) issues.push({ key: 'admin.import.teamTooLong', params: { max: MAX.team } });
  const hireDate = raw.hireDate ? parseDay(raw.hireDate) : null;
  if (raw.hireDate && !hireDate) issues.push({ key: 'admin.import.badDate', params: { value: raw.hireDate } });

  const row =
    issues.length === 0 && role
      ? { line, employeeNo: raw.employeeNo, name: raw.name, username, role, team: raw.team || null, hireDate }
      : null;
  return { line, raw, row, issues };
}

/** Adds an issue to every row whose value of `key` appears on more than one line. */
function markDuplicates(rows: CheckedRow[], valueOf: (r: CheckedRow) => string, key: MessageKey, column: RosterColumn) {
  const lines = new Map<string, number[]>();
  for (const r of rows) {
    const value = valueOf(r);
    if (value) lines.set(value, [...(lines.get(value) ?? []), r.line]);
  }
  for (const r of rows) {
    const same = lines.get(valueOf(r)) ?? [];
    if (same.length < 2) continue;
    r.issues.push({ key, params: { column: COLUMN_HEADERS[column], value: r.raw[column], lines: same.filter((l) => l !== r.line).map(String) } });
    r.row = null;
  }
}

/**
 * A 工号 folded the way the database's NOCASE index compares it (ASCII letters only), so KF101 and
 * kf101 are one employee in a file and against the database.
 */
export const employeeNoKey = (employeeNo: string) => employeeNo.replace(/[a-z]/g, (c) => c.toUpperCase());

/**
 * Checks a whole table: the first row is the header (Chinese or English column names, in any order,
 * extra columns ignored); every following row is checked and duplicates of 工号 or 用户名 are marked
 * on each line that has them.
 */
export function checkTable(table: TableRow[]): CheckedTable {
  const [header, ...body] = table;
  if (!header) return { headerIssues: [{ key: 'admin.import.empty' }], rows: [] };
  const { columns, issues } = readHeader(header.cells);
  if (issues.length > 0) return { headerIssues: issues, rows: [] };
  const rows = body.map(({ line, cells }) => {
    const raw = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c, (cells[columns.get(c)!] ?? '').trim()])) as Record<RosterColumn, string>;
    return checkRow(line, raw);
  });
  markDuplicates(rows, (r) => employeeNoKey(r.raw.employeeNo), 'admin.import.duplicateInFile', 'employeeNo');
  markDuplicates(rows, (r) => r.raw.username.toLowerCase(), 'admin.import.duplicateInFile', 'username');
  return { headerIssues: [], rows };
}

/** The table a checked file stands for, with the canonical header: what the confirm step re-checks. */
export function canonicalTable(rows: Pick<CheckedRow, 'line' | 'raw'>[]): TableRow[] {
  return [
    { line: 1, cells: ROSTER_COLUMNS.map((c) => COLUMN_HEADERS[c]) },
    ...rows.map((r) => ({ line: r.line, cells: ROSTER_COLUMNS.map((c) => r.raw[c]) })),
  ];
}
