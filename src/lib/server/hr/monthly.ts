import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { getDb } from '../../../../db/client';
import { teams, users } from '../../../../db/schema';
import { REVIEW_COMPONENTS, REVIEW_GRADES, type ReviewComponentKey, type ReviewGrade } from '../../../scoring/policy';
import type { Column } from '../exports/table';
import { monthlyReviewRows, type ReviewRow } from '../reviews';
import { requireTeam } from './teams';

/** How HR may order the month's list. */
export const MONTHLY_SORTS = ['employeeNo', 'name', 'team', 'total', 'grade'] as const;
export type MonthlySort = (typeof MONTHLY_SORTS)[number];

/** HR's filters of the month's list: a team, a grade (or `none` for no total), a status; and the order. */
export interface MonthlyFilter {
  teamId?: number;
  grade?: ReviewGrade | 'none';
  status?: ReviewRow['status'];
  sort?: MonthlySort;
  desc?: boolean;
}

const gradeRank = (g: ReviewGrade | null) => (g === null ? REVIEW_GRADES.length : REVIEW_GRADES.indexOf(g));
const compare: Record<MonthlySort, (a: ReviewRow, b: ReviewRow) => number> = {
  employeeNo: (a, b) => (a.employee.employeeNo ?? '').localeCompare(b.employee.employeeNo ?? ''),
  name: (a, b) => a.employee.name.localeCompare(b.employee.name, 'zh-CN'),
  team: (a, b) => (a.employee.teamName ?? '').localeCompare(b.employee.teamName ?? '', 'zh-CN'),
  total: (a, b) => (a.result.total ?? -1) - (b.result.total ?? -1),
  grade: (a, b) => gradeRank(a.result.grade) - gradeRank(b.result.grade),
};

/**
 * Every employee's review for a month as HR reads it (leavers included, approved ones as frozen), with
 * HR's filters and order, and the count per grade before filtering by grade so the page can show them.
 */
export async function monthlyReport(month: string, filter: MonthlyFilter = {}) {
  if (filter.teamId !== undefined) await requireTeam(filter.teamId);
  const all = await monthlyReviewRows(month, filter.teamId !== undefined ? { teamIds: [filter.teamId] } : {});
  const byGrade = Object.fromEntries([...REVIEW_GRADES, 'none'].map((g) => [g, 0])) as Record<ReviewGrade | 'none', number>;
  for (const r of all) byGrade[r.result.grade ?? 'none'] += 1;
  const rows = all.filter(
    (r) => (!filter.grade || (r.result.grade ?? 'none') === filter.grade) && (!filter.status || r.status === filter.status),
  );
  const order = compare[filter.sort ?? 'employeeNo'];
  rows.sort((a, b) => (filter.desc ? -1 : 1) * order(a, b) || compare.employeeNo(a, b));
  return { rows, byGrade, total: all.length };
}

/** The teams HR can filter by, archived ones included (their history stays readable). */
export async function reportTeams() {
  const db = await getDb();
  return db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name));
}

/** A component's score, or null when it had no data that month. */
function componentScore(row: ReviewRow, key: ReviewComponentKey): number | null {
  return row.result.components.find((c) => c.key === key)?.score ?? null;
}

/** Most employee ids one round of `reviewPage` reads (an IN list per query of `monthlyReviewRows`). */
const MAX_ID_BATCH = 2000;

/**
 * One page of the month's reviews in employee-id order for the JSON API (of one team, if given): up to
 * `limit` rows after employee `afterId`, and `lastId`, the id the next page starts after, null exactly
 * when no row follows. Only the month's rows count: ids are read in batches after the cursor (an index
 * walk) and only those employees' reviews computed, by the same rule as the page (monthlyReviewRows
 * decides who the month covers), until one row more than the page holds is found or the ids run out.
 * People the month does not cover (later hires, leavers without records) are skipped, so no page before
 * the last is short or empty; when a batch finds few rows, the next one reads proportionally more ids.
 * A page costs about the same at 10 or 10,000 employees.
 */
export async function reviewPage(
  month: string,
  afterId: number,
  limit: number,
  teamId?: number,
): Promise<{ rows: ReviewRow[]; lastId: number | null }> {
  if (teamId !== undefined) await requireTeam(teamId);
  const db = await getDb();
  const rows: ReviewRow[] = [];
  let after = afterId;
  let scanned = 0;
  let batch = limit + 1;
  for (;;) {
    const ids = await db
      .select({ id: users.id })
      .from(users)
      .where(and(gt(users.id, after), inArray(users.role, ['learner', 'supervisor']), teamId !== undefined ? eq(users.teamId, teamId) : undefined))
      .orderBy(asc(users.id))
      .limit(batch);
    if (ids.length > 0) {
      const found = await monthlyReviewRows(month, { employeeIds: ids.map((r) => r.id) });
      rows.push(...found.sort((a, b) => a.employee.id - b.employee.id));
      after = ids[ids.length - 1].id;
      scanned += ids.length;
    }
    if (rows.length > limit || ids.length < batch) break;
    const wanted = limit + 1 - rows.length;
    batch = Math.min(MAX_ID_BATCH, Math.ceil((wanted * scanned) / Math.max(rows.length, 1)) + 1);
  }
  const page = rows.slice(0, limit);
  return { rows: page, lastId: rows.length > limit ? page[page.length - 1].employee.id : null };
}

/** A review as the JSON API gives it: the shape, components keyed by name. */
export function reviewJson(row: ReviewRow) {
  return {
    employeeNo: row.employee.employeeNo,
    name: row.employee.name,
    team: row.employee.teamName,
    active: row.employee.active,
    components: Object.fromEntries(
      row.result.components.map((c) => [c.key, { score: c.score, missing: c.missing, weight: c.weight, share: c.share, points: c.points }]),
    ),
    total: row.result.total,
    grade: row.result.grade,
    flags: row.result.flags,
    status: row.status,
    policyVersion: row.result.policyVersion,
    approvedBy: row.approvedBy,
    approvedAt: row.approvedAt?.toISOString() ?? null,
    reopenedAt: row.reopenedAt?.toISOString() ?? null,
    reopenReason: row.reopenReason,
  };
}

const GRADE_ZH: Record<ReviewGrade, string> = { excellent: '优秀', good: '良好', pass: '合格', improve: '待改进' };
const STATUS_ZH: Record<ReviewRow['status'], string> = { draft: '草稿', approved: '已审批', reopened: '已重开' };
const COMPONENT_ZH: Record<ReviewComponentKey, string> = { assessment: '考核成绩', completion: '培训按时完成率', conduct: '日常行为检查', complaints: '客户投诉' };

/**
 * The monthly review download's columns (CSV and XLSX alike): Chinese headers, 工号 first. The approval
 * columns are blank unless the review is approved (a reopened one is a live draft again); a reopened
 * review shows when and why it was reopened in the last two columns.
 */
export function monthlyColumns(): Column<ReviewRow>[] {
  return [
    { header: '工号', value: (r) => r.employee.employeeNo ?? '', width: 10 },
    { header: '姓名', value: (r) => r.employee.name, width: 10 },
    { header: '团队', value: (r) => r.employee.teamName ?? '', width: 14 },
    { header: '在职', value: (r) => (r.employee.active ? '是' : '否'), width: 6 },
    { header: '月份', value: (r) => r.month, width: 9 },
    ...REVIEW_COMPONENTS.map((key): Column<ReviewRow> => ({ header: COMPONENT_ZH[key], value: (r) => componentScore(r, key), width: 12 })),
    { header: '总分', value: (r) => r.result.total, width: 8 },
    { header: '等级', value: (r) => (r.result.grade ? GRADE_ZH[r.result.grade] : '不评'), width: 8 },
    { header: '标记', value: (r) => (r.result.flags.includes('complaints-3.10') ? '有理投诉达5次（3.10）' : ''), width: 20 },
    { header: '状态', value: (r) => STATUS_ZH[r.status], width: 8 },
    { header: '审批人', value: (r) => r.approvedBy ?? '', width: 10 },
    { header: '审批时间', value: (r) => r.approvedAt, width: 18 },
    { header: '审批意见', value: (r) => r.comment ?? '', width: 30 },
    { header: '规则版本', value: (r) => r.result.policyVersion, width: 12 },
    { header: '重开时间', value: (r) => r.reopenedAt, width: 18 },
    { header: '重开原因', value: (r) => r.reopenReason ?? '', width: 30 },
  ];
}
