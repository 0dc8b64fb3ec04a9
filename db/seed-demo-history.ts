import { eq } from 'drizzle-orm';
import { createEmptyCard } from 'ts-fsrs';
import type { Database } from './client';
import { assignments, attemptGrants, attempts, auditLog, lessonProgress, responses, reviewQueue, users } from './schema';
import { getQuiz } from '../src/quizzes/catalog';
import { correctAnswer, grade, type Answer, type Question } from '../src/quizzes/types';
import { attemptScore, isPass } from '../src/scoring/attempt-score';
import { addDays } from '../src/scoring/assignment-status';
import { orgDayStart, orgToday } from '../src/lib/time-zone';

/**
 * A few weeks of history for the demo's second team (客服二组), so a newcomer sees the supervisor loop
 * working on first start: a new hire signed off as live, one who failed an assessment and finished a
 * refresher on their weak topics but still has overdue onboarding, one with work due soon, and a brand
 * new hire with nothing yet. Written straight into the tables with real questions and graded answers.
 */

type Mode = 'practice' | 'assessment' | 'refresher';
type Who = Record<'supervisor2' | 'learner5' | 'learner6' | 'learner7', number>;

const REQUIRED = ['conduct', 'language', 'reception-phone', 'complaints', 'customer-types', 'desk-rules'];

/** The instant `daysAgo` days before today at hh:mm in the organisation's time zone. */
function at(daysAgo: number, hh = 10, mm = 0): Date {
  return new Date(orgDayStart(addDays(orgToday(), -daysAgo)) + (hh * 60 + mm) * 60_000);
}

/** A plausible wrong answer of the right shape, so the review shows what was given. */
function wrongAnswer(q: Question): Answer | null {
  switch (q.type) {
    case 'single':
      return q.options.find((o) => o.id !== q.answer)!.id;
    case 'multiple':
      return [q.options.find((o) => !q.answer.includes(o.id))?.id ?? q.options[0].id];
    case 'ordering':
      return [...q.answer].reverse();
    case 'matching': {
      const lefts = Object.keys(q.answer);
      const rights = lefts.map((l) => q.answer[l]);
      return Object.fromEntries(lefts.map((l, i) => [l, rights[(i + 1) % rights.length]]));
    }
    case 'scenario': {
      const nodes = new Map(q.nodes.map((n) => [n.id, n]));
      const path: string[] = [];
      let node = nodes.get(q.start);
      while (node && path.length < 20) {
        const worst = [...node.choices].sort((a, b) => a.points - b.points)[0];
        path.push(worst.id);
        node = worst.next ? nodes.get(worst.next) : undefined;
      }
      return path;
    }
  }
}

/** Questions for a demo attempt: the mode's pool (and topics), round-robin across topics, quiz-sized. */
function pick(quizId: string, mode: Mode, topics?: string[]): Question[] {
  const quiz = getQuiz(quizId)!;
  const pool = mode === 'assessment' ? 'assessment' : 'practice';
  const eligible = quiz.list.filter((q) => q.pool === pool && (!topics || topics.includes(q.topic)));
  const byTopic = [...new Set(eligible.map((q) => q.topic))].map((t) => eligible.filter((q) => q.topic === t));
  const size = Math.min(quiz.config.draw, eligible.length);
  const out: Question[] = [];
  for (let round = 0; out.length < size; round++) for (const list of byTopic) if (list[round] && out.length < size) out.push(list[round]);
  return out;
}

interface DemoAttempt {
  userId: number;
  quizId: string;
  mode: Mode;
  at: Date;
  minutes: number;
  /** Topics answered wrong; everything else is answered right. */
  missTopics?: string[];
  /** Refresher: its assignment and topics. */
  assignmentId?: number;
  topics?: string[];
}

/** Writes one submitted attempt with its responses and returns its id, score and the questions missed. */
async function attempt(db: Database, a: DemoAttempt) {
  const quiz = getQuiz(a.quizId)!;
  const questions = pick(a.quizId, a.mode, a.topics);
  const submittedAt = new Date(a.at.getTime() + a.minutes * 60_000);
  const given = questions.map((q) => ({ q, answer: a.missTopics?.includes(q.topic) ? wrongAnswer(q) : correctAnswer(q) }));
  const credits = given.map(({ q, answer }) => (answer === null ? 0 : grade(q, answer).credit));
  const score = attemptScore(credits, questions.length);
  const [row] = await db
    .insert(attempts)
    .values({
      userId: a.userId,
      quizId: a.quizId,
      contentHash: quiz.contentHash,
      mode: a.mode,
      assignmentId: a.assignmentId ?? null,
      seed: 1000 + a.userId * 97 + a.at.getUTCDate(),
      questionIds: questions.map((q) => q.id),
      startedAt: a.at,
      deadline: a.mode === 'assessment' && quiz.config.timeLimitMinutes ? new Date(a.at.getTime() + quiz.config.timeLimitMinutes * 60_000) : null,
      submittedAt,
      score,
      passed: isPass(score, quiz.config.passMark),
    })
    .returning({ id: attempts.id });
  for (const [i, { q, answer }] of given.entries()) {
    if (answer === null) continue;
    await db.insert(responses).values({ attemptId: row.id, questionId: q.id, answer, credit: credits[i], savedAt: submittedAt, checkedAt: a.mode === 'assessment' ? null : submittedAt });
  }
  return { id: row.id, submittedAt, passed: isPass(score, quiz.config.passMark), missed: given.filter((_, i) => credits[i] < 1).map((g) => g.q.id) };
}

async function assign(db: Database, by: number, to: number, module: string, kind: 'onboarding' | 'refresher' | 'mandatory', assignedDaysAgo: number, dueDaysAgo: number, topics?: string[]) {
  const dueDate = addDays(orgToday(), -dueDaysAgo);
  const [row] = await db
    .insert(assignments)
    .values({ module, assigneeId: to, assignedById: by, kind, topics: topics ?? null, dueDate, createdAt: at(assignedDaysAgo, 9, 30) })
    .returning({ id: assignments.id });
  await db.insert(auditLog).values({ actorId: by, action: 'assignment.create', subject: `user:${to}`, details: { assignmentId: row.id, module, kind, dueDate, topics: topics ?? null }, at: at(assignedDaysAgo, 9, 30) });
  return row.id;
}

async function complete(db: Database, assignmentId: number, done: { id: number; submittedAt: Date }) {
  await db.update(assignments).set({ completedAt: done.submittedAt, completingAttemptId: done.id }).where(eq(assignments.id, assignmentId));
}

async function studied(db: Database, userId: number, module: string, lessons: string[], daysAgo: number) {
  for (const [i, lesson] of lessons.entries()) await db.insert(lessonProgress).values({ userId, module, lesson, studiedAt: at(daysAgo, 14, 10 * i) }).onConflictDoNothing();
}

/** Adds the second team's history. `who` maps the demo usernames to their user ids. */
export async function seedDemoHistory(db: Database, who: Who): Promise<void> {
  const boss = who.supervisor2;

  // 吴雨桐: all six required modules passed on time, signed off as live three weeks ago.
  const live = who.learner5;
  for (const [i, module] of REQUIRED.entries()) {
    const id = await assign(db, boss, live, module, 'onboarding', 38, 24);
    await studied(db, live, module, ['01', '02'].map((n) => lessonFile(module, n)).filter((x): x is string => x !== null), 34 - i);
    await attempt(db, { userId: live, quizId: module, mode: 'practice', at: at(32 - i, 15), minutes: 14, missTopics: [] });
    const passed = await attempt(db, { userId: live, quizId: module, mode: 'assessment', at: at(30 - i, 10), minutes: 18 });
    await complete(db, id, passed);
  }
  const liveDay = addDays(orgToday(), -22);
  await db.update(users).set({ goLiveDate: liveDay }).where(eq(users.id, live));
  await db.insert(auditLog).values({ actorId: boss, action: 'golive.signoff', subject: `user:${live}`, details: { date: liveDay, passed: 6, required: 6, reason: null }, at: at(22, 17) });

  // 郑浩然: three modules passed; complaints failed three times (every attempt used) on the same topics,
  // a refresher on them done on time, then an extra attempt granted; complaints, customer-types and
  // desk-rules onboarding now overdue.
  const struggling = who.learner6;
  const onboarding = new Map<string, number>();
  for (const module of REQUIRED) onboarding.set(module, await assign(db, boss, struggling, module, 'onboarding', 28, 14));
  for (const [i, module] of ['conduct', 'language', 'reception-phone'].entries()) {
    const done = await attempt(db, { userId: struggling, quizId: module, mode: 'assessment', at: at(24 - i * 2, 11), minutes: 21 });
    await complete(db, onboarding.get(module)!, done);
  }
  const weak = weakTopicsOf('complaints', 2);
  const practice = await attempt(db, { userId: struggling, quizId: 'complaints', mode: 'practice', at: at(13, 16), minutes: 12, missTopics: weak });
  for (const [daysAgo, minutes] of [[12, 24], [10, 22], [9, 25]])
    await attempt(db, { userId: struggling, quizId: 'complaints', mode: 'assessment', at: at(daysAgo, 10), minutes, missTopics: weak });
  const refresher = await assign(db, boss, struggling, 'complaints', 'refresher', 8, 2, weak);
  const refreshed = await attempt(db, { userId: struggling, quizId: 'complaints', mode: 'refresher', at: at(5, 19), minutes: 15, assignmentId: refresher, topics: weak, missTopics: [] });
  await complete(db, refresher, refreshed);
  for (const questionId of practice.missed) {
    const card = createEmptyCard(at(1, 8));
    await db.insert(reviewQueue).values({ userId: struggling, questionId, card, due: card.due, updatedAt: at(13, 16) }).onConflictDoNothing();
  }
  await db.insert(attemptGrants).values({ employeeId: struggling, quizId: 'complaints', grantedById: boss, reason: '完成复训后再考一次', createdAt: at(4, 9) });
  await db.insert(auditLog).values({ actorId: boss, action: 'attempt.grant', subject: `user:${struggling}`, details: { quizId: 'complaints', reason: '完成复训后再考一次' }, at: at(4, 9) });

  // 黄诗琪: started ten days ago; two onboarding modules due in two days.
  const fresh = who.learner7;
  await assign(db, boss, fresh, 'conduct', 'onboarding', 9, -2);
  await assign(db, boss, fresh, 'language', 'onboarding', 9, -2);
  await studied(db, fresh, 'conduct', ['01', '02', '03'].map((n) => lessonFile('conduct', n)).filter((x): x is string => x !== null), 3);
  await attempt(db, { userId: fresh, quizId: 'conduct', mode: 'practice', at: at(2, 15), minutes: 11, missTopics: weakTopicsOf('conduct', 1) });
}

/** The first `n` topics of a module's assessment pool, the demo's "weak topics". */
function weakTopicsOf(module: string, n: number): string[] {
  const quiz = getQuiz(module)!;
  const assessed = new Set(quiz.list.filter((q) => q.pool === 'assessment').map((q) => q.topic));
  return [...new Set(quiz.list.filter((q) => q.pool === 'practice' && assessed.has(q.topic)).map((q) => q.topic))].slice(0, n);
}

/** The lesson slug (`01-appearance`) of a module's lesson number, from the questions' lesson links. */
function lessonFile(module: string, number: string): string | null {
  const quiz = getQuiz(module);
  const slug = quiz?.list.map((q) => q.lesson.split('#')[0].split('/')[1]).find((s) => s.startsWith(`${number}-`));
  return slug ?? null;
}
