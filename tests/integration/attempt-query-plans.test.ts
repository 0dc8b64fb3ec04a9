import { describe, expect, it } from 'vitest';
import { getDb } from '../../db/client';
import { assessmentAllowance, bestAssessmentScores, listAttempts } from '../../src/lib/server/attempts';
import { person } from '../helpers/people';
import { takeAssessment } from '../helpers/attempts';
import { queryPlan } from '../helpers/db';

/**
 * One learner's attempt queries must find that learner's rows through an index that starts with the
 * user: with only (user, quiz) SQLite chose (quiz, mode) and read every learner's assessments of the
 * quiz on each submit, 0.65 ms at 4,000 takers and growing with the organisation. This runs the real
 * services, records the SQL they send, and asks SQLite for the plan of each read of `attempts`.
 */
describe('a learner’s attempt queries', () => {
  it('search attempts by the learner first, never by the quiz or mode alone', async () => {
    const db = await getDb();
    const learner = await person('learner');
    await takeAssessment(learner, 'conduct', true);
    const sent: { sql: string; args: unknown }[] = [];
    const execute = db.$client.execute.bind(db.$client);
    db.$client.execute = ((stmt: { sql: string; args: unknown }) => {
      if (typeof stmt === 'object' && /from "attempts"/.test(stmt.sql)) sent.push(stmt);
      return execute(stmt as never);
    }) as typeof db.$client.execute;
    try {
      await takeAssessment(learner, 'conduct', false);
      await assessmentAllowance(learner.id, 'conduct');
      await bestAssessmentScores([learner.id]);
      await listAttempts(learner.id, 'conduct');
    } finally {
      db.$client.execute = execute;
    }
    expect(sent.length).toBeGreaterThan(4);
    for (const stmt of sent) {
      const plan = await queryPlan(stmt);
      const onAttempts = plan.filter((line) => /\battempts\b/.test(line));
      expect(onAttempts.length, stmt.sql).toBeGreaterThan(0);
      for (const line of onAttempts) expect(line, stmt.sql).toMatch(/USING (INTEGER PRIMARY KEY \(rowid=|(COVERING )?INDEX (attempts_user_mode_quiz_idx|attempts_one_open_idx) \(user_id=)/);
    }
  });
});
