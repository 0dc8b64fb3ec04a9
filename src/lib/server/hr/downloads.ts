import { moduleCatalog } from '../module-catalog';
import { csvResponse } from '../exports/csv';
import { xlsxResponse } from '../exports/xlsx';
import { monthlyColumns, monthlyReport, type MonthlyFilter } from './monthly';
import { scoreColumns } from './score-columns';
import { allScores } from './scores';

/** Module (quiz) id → Chinese title, for downloads people read. */
function moduleTitles(): Map<string, string> {
  return new Map(moduleCatalog().map((m) => [m.quiz, m.title]));
}

/** The raw assessment scores of a date range as a CSV or XLSX download, streamed. */
export async function scoresDownload(range: { from: string; to: string }, format: 'csv' | 'xlsx'): Promise<Response> {
  const columns = scoreColumns(moduleTitles());
  const name = `考核成绩_${range.from}_${range.to}.${format}`;
  return format === 'csv' ? csvResponse(name, columns, allScores(range)) : xlsxResponse(name, '考核成绩', columns, allScores(range));
}

/** The month's reviews (HR's filters applied) as a CSV or XLSX download, the same rows and columns either way. */
export async function monthlyDownload(month: string, filter: MonthlyFilter, format: 'csv' | 'xlsx'): Promise<Response> {
  const { rows } = await monthlyReport(month, filter);
  const name = `月度考核_${month}.${format}`;
  const source = (async function* () {
    yield* rows;
  })();
  return format === 'csv' ? csvResponse(name, monthlyColumns(), source) : xlsxResponse(name, `月度考核 ${month}`, monthlyColumns(), source);
}
