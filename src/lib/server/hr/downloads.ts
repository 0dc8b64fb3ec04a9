import { listModules } from '../lessons';
import { csvResponse } from '../exports/csv';
import { xlsxResponse } from '../exports/xlsx';
import { scoreColumns } from './score-columns';
import { allScores } from './scores';

/** Module id → Chinese title, for downloads people read. */
async function moduleTitles(): Promise<Map<string, string>> {
  return new Map((await listModules()).map((m) => [m.data.quiz, m.data.title]));
}

/** The raw assessment scores of a date range as a CSV or XLSX download, streamed. */
export async function scoresDownload(range: { from: string; to: string }, format: 'csv' | 'xlsx'): Promise<Response> {
  const columns = scoreColumns(await moduleTitles());
  const name = `考核成绩_${range.from}_${range.to}.${format}`;
  return format === 'csv' ? csvResponse(name, columns, allScores(range)) : xlsxResponse(name, '考核成绩', columns, allScores(range));
}
