import type { Column } from '../exports/table';
import type { ScoreRow } from './scores';

/** The raw-score download's columns (CSV and XLSX alike): Chinese headers, 工号 first. */
export function scoreColumns(moduleTitles: ReadonlyMap<string, string>): Column<ScoreRow>[] {
  return [
    { header: '工号', value: (r) => r.employeeNo ?? '', width: 10 },
    { header: '姓名', value: (r) => r.name, width: 10 },
    { header: '团队', value: (r) => r.team ?? '', width: 14 },
    { header: '在职', value: (r) => (r.active ? '是' : '否'), width: 6 },
    { header: '模块', value: (r) => moduleTitles.get(r.module) ?? r.module, width: 22 },
    { header: '得分', value: (r) => r.score, width: 8 },
    { header: '是否通过', value: (r) => (r.passed ? '通过' : '未通过'), width: 10 },
    { header: '超时交卷', value: (r) => (r.timedOut ? '是' : '否'), width: 10 },
    { header: '开始时间', value: (r) => r.startedAt, width: 18 },
    { header: '提交时间', value: (r) => r.submittedAt, width: 18 },
    { header: '答题编号', value: (r) => r.attemptId, width: 10 },
  ];
}
