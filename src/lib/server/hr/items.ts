import { sql } from 'drizzle-orm';
import { getDb } from '../../../../db/client';
import { getQuiz } from '../../../quizzes/catalog';
import { itemStats, type ItemStats, type ItemSums } from '../../../scoring/item-analysis';

/** One assessment question with its statistics, for `/reports/items`. */
export interface ItemRow extends ItemStats {
  type: string;
  topic: string;
  pool: string;
  prompt: string;
  lesson: string;
}

/**
 * Item analysis of one module, live: one grouped query over every graded response of its submitted
 * assessments (index attempts_quiz_mode_idx, then responses_pk), the statistics in
 * src/scoring/item-analysis.ts. Questions of the bank nobody answered yet are listed with no figures.
 * Returns null for an unknown module.
 */
export async function itemAnalysis(module: string): Promise<{ attempts: number; items: ItemRow[] } | null> {
  const quiz = getQuiz(module);
  if (!quiz) return null;
  const db = await getDb();
  // y = the rest of the attempt: its score in marks (score% × drawn items) minus this item's credit.
  const result = await db.run(sql`
    WITH scored AS (
      SELECT a.id, a.score / 100.0 * json_array_length(a.question_ids) AS marks
      FROM attempts a
      WHERE a.quiz_id = ${module} AND a.mode = 'assessment' AND a.submitted_at IS NOT NULL
    )
    SELECT r.question_id AS questionId, count(*) AS n,
      sum(r.credit) AS sumX, sum(r.credit * r.credit) AS sumXX,
      sum(s.marks - r.credit) AS sumY, sum((s.marks - r.credit) * (s.marks - r.credit)) AS sumYY,
      sum(r.credit * (s.marks - r.credit)) AS sumXY,
      (SELECT count(*) FROM scored) AS attempts
    FROM scored s JOIN responses r ON r.attempt_id = s.id
    WHERE r.credit IS NOT NULL
    GROUP BY r.question_id`);
  const rows = result.rows as unknown as (ItemSums & { attempts: number })[];
  const sums = new Map(rows.map((r) => [r.questionId, r]));
  const attempts = rows[0]?.attempts ?? 0;
  const items = quiz.list
    .filter((q) => q.pool === 'assessment' || sums.has(q.id))
    .map((q) => {
      const s = sums.get(q.id) ?? { questionId: q.id, n: 0, sumX: 0, sumXX: 0, sumY: 0, sumYY: 0, sumXY: 0 };
      return { ...itemStats({ ...s, n: Number(s.n) }), type: q.type, topic: q.topic, pool: q.pool, prompt: q.prompt, lesson: q.lesson };
    });
  return { attempts: Number(attempts), items };
}
