import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { attempts, responses, type Attempt } from '../../../db/schema';
import { getQuiz, type Quiz } from '../../quizzes/catalog';
import { drawQuestionIds, presentQuestion, type PublicQuestion } from '../../quizzes/delivery';
import { checkAnswer, correctAnswer, grade, type Answer, type GradeResult, type Question } from '../../quizzes/types';
import { attemptScore, isPass } from '../../scoring/attempt-score';
import { canUseAttempt } from './access';
import { onAttemptSubmitted } from './attempt-hooks';
import type { SessionUser } from './auth/session';

/** A refusal the API turns into a 4xx with this message. */
export class AttemptError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** How an attempt was started: free practice, a graded assessment, an assigned refresher, or today's spaced review. */
export type Mode = Attempt['mode'];

/** What one saved answer looks like to its owner: the answer, and in practice mode the feedback. */
export interface SavedResponse {
  answer: Answer;
  feedback?: GradeResult & { explanation: string; lesson: string; correct: Answer };
}

/** The attempt as its owner may see it: questions without answers until review is allowed. */
export interface AttemptView {
  id: number;
  quizId: string;
  mode: Mode;
  startedAt: string;
  deadline: string | null;
  submittedAt: string | null;
  score: number | null;
  passed: boolean | null;
  passMark: number;
  /** The server's clock when this view was made, so a player can correct a wrong device clock. */
  serverTime: string;
  questions: PublicQuestion[];
  responses: Record<string, SavedResponse>;
  review: ReviewItem[] | null;
}

/** One question after submission: what was given, what was right, why, and where to revisit it. */
export interface ReviewItem {
  questionId: string;
  type: string;
  prompt: string;
  given: Answer | null;
  correct: Answer;
  credit: number;
  feedback: string[];
  explanation: string;
  lesson: string;
  labels: Record<string, string>;
}

function requireQuiz(quizId: string): Quiz {
  const quiz = getQuiz(quizId);
  if (!quiz) throw new AttemptError(404, 'unknown_quiz', `没有编号为“${quizId}”的测验。`);
  return quiz;
}

async function ownAttempt(user: SessionUser, attemptId: number): Promise<Attempt> {
  const db = await getDb();
  const attempt = await db.select().from(attempts).where(eq(attempts.id, attemptId)).get();
  if (!attempt) throw new AttemptError(404, 'unknown_attempt', '找不到这次答题记录。');
  if (!canUseAttempt(user, attempt)) throw new AttemptError(403, 'not_yours', '这不是您的答题记录，无法查看或修改。');
  return attempt;
}

/** What never changes once an attempt is drawn; cached so saving an answer costs one write. */
type AttemptFacts = Pick<Attempt, 'id' | 'userId' | 'quizId' | 'mode' | 'seed' | 'questionIds' | 'deadline'>;
const facts = new Map<number, AttemptFacts>();
const FACTS_LIMIT = 20_000;

function remember(attempt: Attempt): AttemptFacts {
  if (facts.size >= FACTS_LIMIT) facts.delete(facts.keys().next().value!);
  const { id, userId, quizId, mode, seed, questionIds, deadline } = attempt;
  const kept = { id, userId, quizId, mode, seed, questionIds, deadline };
  facts.set(id, kept);
  return kept;
}

/** The immutable facts of one's own attempt, from memory when seen before; submission state is not among them. */
async function ownFacts(user: SessionUser, attemptId: number): Promise<AttemptFacts> {
  const known = facts.get(attemptId);
  if (!known) return remember(await ownAttempt(user, attemptId));
  if (!canUseAttempt(user, known)) throw new AttemptError(403, 'not_yours', '这不是您的答题记录，无法查看或修改。');
  return known;
}

const expired = (a: Pick<Attempt, 'deadline'>, now: number) => a.deadline !== null && now > a.deadline.getTime();

/**
 * Starts an attempt: draws questions with a stored seed. An unfinished attempt of the same quiz
 * and mode is resumed instead, so a double click or a second tab never loses answers. Assessment
 * attempts are limited when the quiz says so.
 */
export async function startAttempt(user: SessionUser, quizId: string, mode: Mode): Promise<{ attempt: AttemptView; resumed: boolean }> {
  const quiz = requireQuiz(quizId);
  const db = await getDb();
  const now = Date.now();
  const open = await db
    .select()
    .from(attempts)
    .where(and(eq(attempts.userId, user.id), eq(attempts.quizId, quizId), eq(attempts.mode, mode), isNull(attempts.submittedAt)))
    .orderBy(desc(attempts.id));
  for (const a of open) {
    if (!expired(a, now)) return { attempt: await viewOf(a, quiz), resumed: true };
    await finalize(a, quiz);
  }
  if (mode === 'assessment' && quiz.config.assessmentAttempts) {
    const used = await db.$count(attempts, and(eq(attempts.userId, user.id), eq(attempts.quizId, quizId), eq(attempts.mode, 'assessment')));
    if (used >= quiz.config.assessmentAttempts)
      throw new AttemptError(409, 'no_attempts_left', `本测验的考核次数（${quiz.config.assessmentAttempts} 次）已用完，请联系主管。`);
  }
  const seed = crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;
  const questionIds = drawQuestionIds(quiz.list, quiz.config, seed);
  const limit = mode === 'assessment' && quiz.config.timeLimitMinutes ? quiz.config.timeLimitMinutes * 60_000 : null;
  const [row] = await db
    .insert(attempts)
    .values({
      userId: user.id,
      quizId,
      contentHash: quiz.contentHash,
      mode,
      seed,
      questionIds,
      startedAt: new Date(now),
      deadline: limit ? new Date(now + limit) : null,
    })
    .returning();
  return { attempt: await viewOf(row, quiz), resumed: false };
}

/** The attempt for its owner; an attempt past its deadline is graded first with what was saved. */
export async function getAttempt(user: SessionUser, attemptId: number): Promise<AttemptView> {
  let attempt = await ownAttempt(user, attemptId);
  const quiz = requireQuiz(attempt.quizId);
  if (!attempt.submittedAt && expired(attempt, Date.now())) attempt = await finalize(attempt, quiz);
  return viewOf(attempt, quiz);
}

/**
 * Saves one answer. Refuses a submitted or late attempt, a question not drawn for it, and an
 * answer of the wrong shape or with ids the question does not have; in practice mode returns the
 * feedback at once.
 */
export async function saveResponse(user: SessionUser, attemptId: number, questionId: string, raw: unknown): Promise<SavedResponse> {
  const attempt = await ownFacts(user, attemptId);
  const quiz = requireQuiz(attempt.quizId);
  if (expired(attempt, Date.now())) {
    const stored = await ownAttempt(user, attemptId);
    if (stored.submittedAt) throw new AttemptError(409, 'already_submitted', '本次答题已经提交，答案不能再修改。');
    await finalize(stored, quiz).catch((error) => {
      if (!(error instanceof AttemptError)) throw error;
    });
    throw new AttemptError(409, 'deadline_passed', '已超过答题时限，这个答案没有保存；本次答题已按此前保存的答案评分。');
  }
  const question = attempt.questionIds.includes(questionId) ? quiz.questions.get(questionId) : undefined;
  if (!question) throw new AttemptError(404, 'unknown_question', `本次答题中没有编号为“${questionId}”的题目。`);
  const checked = checkAnswer(question, raw);
  if (!checked.ok) throw new AttemptError(400, 'invalid_answer', checked.message);
  const result = grade(question, checked.answer);
  const db = await getDb();
  const saved = await db.run(sql`
    INSERT INTO responses (attempt_id, question_id, answer, credit, saved_at)
    SELECT ${attempt.id}, ${questionId}, ${JSON.stringify(checked.answer)}, ${result.credit}, ${Date.now()}
    WHERE EXISTS (SELECT 1 FROM attempts WHERE id = ${attempt.id} AND submitted_at IS NULL)
    ON CONFLICT (attempt_id, question_id) DO UPDATE SET answer = excluded.answer, credit = excluded.credit, saved_at = excluded.saved_at`);
  if (saved.rowsAffected === 0) throw new AttemptError(409, 'already_submitted', '本次答题已经提交，答案不能再修改。');
  if (attempt.mode !== 'practice') return { answer: checked.answer };
  return { answer: checked.answer, feedback: { ...result, explanation: question.explanation, lesson: question.lesson, correct: correctAnswer(question) } };
}

/** Grades the attempt on the server and freezes it. A second submit is refused and changes nothing. */
export async function submitAttempt(user: SessionUser, attemptId: number): Promise<AttemptView> {
  const attempt = await ownAttempt(user, attemptId);
  if (attempt.submittedAt) throw new AttemptError(409, 'already_submitted', '本次答题已经提交过了，不能重复提交。');
  const quiz = requireQuiz(attempt.quizId);
  return viewOf(await finalize(attempt, quiz), quiz);
}

/**
 * Grades every drawn question from the saved answers (unanswered = 0) and marks the attempt
 * submitted, only if nobody did so first; returns the attempt as stored afterwards.
 */
async function finalize(attempt: Attempt, quiz: Quiz): Promise<Attempt> {
  const db = await getDb();
  const saved = await db.select().from(responses).where(eq(responses.attemptId, attempt.id));
  const credits = saved
    .filter((r) => attempt.questionIds.includes(r.questionId))
    .map((r) => {
      const q = quiz.questions.get(r.questionId);
      return q ? grade(q, r.answer as Answer).credit : 0;
    });
  const score = attemptScore(credits, attempt.questionIds.length);
  const passed = isPass(score, quiz.config.passMark);
  const submittedAt = attempt.deadline && Date.now() > attempt.deadline.getTime() ? attempt.deadline : new Date();
  const updated = await db
    .update(attempts)
    .set({ submittedAt, score, passed })
    .where(and(eq(attempts.id, attempt.id), isNull(attempts.submittedAt)))
    .returning();
  if (updated.length === 0) throw new AttemptError(409, 'already_submitted', '本次答题已经提交过了，不能重复提交。');
  await onAttemptSubmitted(updated[0]);
  return updated[0];
}

async function viewOf(attempt: Attempt, quiz: Quiz): Promise<AttemptView> {
  const db = await getDb();
  const saved = await db.select().from(responses).where(eq(responses.attemptId, attempt.id));
  const byQuestion = new Map(saved.map((r) => [r.questionId, r.answer as Answer]));
  const drawn = attempt.questionIds.map((id) => quiz.questions.get(id)).filter((q) => q !== undefined);
  const practice = attempt.mode === 'practice';
  const responsesView: Record<string, SavedResponse> = {};
  for (const q of drawn) {
    const answer = byQuestion.get(q.id);
    if (answer === undefined) continue;
    const result = grade(q, answer);
    responsesView[q.id] = practice
      ? { answer, feedback: { ...result, explanation: q.explanation, lesson: q.lesson, correct: correctAnswer(q) } }
      : { answer };
  }
  const review = attempt.submittedAt
    ? drawn.map((q) => {
        const given = byQuestion.get(q.id) ?? null;
        const result = given === null ? { credit: 0, feedback: [] } : grade(q, given);
        return {
          questionId: q.id,
          type: q.type,
          prompt: q.prompt,
          given,
          correct: correctAnswer(q),
          credit: result.credit,
          feedback: result.feedback,
          explanation: q.explanation,
          lesson: q.lesson,
          labels: labelsOf(q),
        };
      })
    : null;
  return {
    id: attempt.id,
    quizId: attempt.quizId,
    mode: attempt.mode,
    startedAt: attempt.startedAt.toISOString(),
    deadline: attempt.deadline?.toISOString() ?? null,
    submittedAt: attempt.submittedAt?.toISOString() ?? null,
    score: attempt.score,
    passed: attempt.passed,
    passMark: quiz.config.passMark,
    serverTime: new Date().toISOString(),
    questions: drawn.map((q) => presentQuestion(q, attempt.seed)),
    responses: responsesView,
    review,
  };
}

/** Id → text of every option, item or choice, so a review can show answers as words. */
function labelsOf(q: Question): Record<string, string> {
  switch (q.type) {
    case 'single':
    case 'multiple':
      return Object.fromEntries(q.options.map((o) => [o.id, o.text]));
    case 'ordering':
      return Object.fromEntries(q.items.map((o) => [o.id, o.text]));
    case 'matching':
      return Object.fromEntries([...q.left, ...q.right].map((o) => [o.id, o.text]));
    case 'scenario':
      return Object.fromEntries(q.nodes.flatMap((n) => n.choices.map((c) => [c.id, c.text])));
  }
}

/** The user's attempts at one quiz, newest first, for the quiz page. */
export async function listAttempts(userId: number, quizId: string) {
  const db = await getDb();
  return db
    .select({ id: attempts.id, mode: attempts.mode, startedAt: attempts.startedAt, submittedAt: attempts.submittedAt, score: attempts.score, passed: attempts.passed, deadline: attempts.deadline })
    .from(attempts)
    .where(and(eq(attempts.userId, userId), eq(attempts.quizId, quizId)))
    .orderBy(desc(attempts.id));
}

/** Per employee and quiz: the best submitted assessment score and whether any assessment passed. */
export async function bestAssessmentScores(userIds: readonly number[]): Promise<Map<number, Map<string, AssessmentResult>>> {
  const out = new Map<number, Map<string, AssessmentResult>>();
  if (userIds.length === 0) return out;
  const db = await getDb();
  const rows = await db
    .select({ userId: attempts.userId, quizId: attempts.quizId, best: sql<number>`max(${attempts.score})`, passed: sql<number>`max(${attempts.passed})` })
    .from(attempts)
    .where(and(inArray(attempts.userId, [...userIds]), eq(attempts.mode, 'assessment'), isNotNull(attempts.submittedAt)))
    .groupBy(attempts.userId, attempts.quizId);
  for (const r of rows) {
    if (!out.has(r.userId)) out.set(r.userId, new Map());
    out.get(r.userId)!.set(r.quizId, { best: r.best, passed: r.passed === 1 });
  }
  return out;
}

export interface AssessmentResult {
  best: number;
  passed: boolean;
}
