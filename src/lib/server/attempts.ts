import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { prepared } from '../../../db/prepared';
import { assignments, attemptGrants, attempts, responses, type Attempt } from '../../../db/schema';
import { answerWords, rightWords } from '../../quizzes/answer-text';
import { getQuiz, type Quiz } from '../../quizzes/catalog';
import { drawQuestionIds, eligibleQuestions, poolForMode, presentQuestion, presentTalk, type PublicQuestion, type PublicTalk } from '../../quizzes/delivery';
import { checkAnswer, grade, type Answer, type FeedbackLine, type Question } from '../../quizzes/types';
import { followPath } from '../../quizzes/types/scenario';
import { attemptScore, isPass } from '../../scoring/attempt-score';
import { reviewReveal } from '../../scoring/policy';
import { canUseAttempt } from './access';
import { onAttemptSubmitted } from './attempt-hooks';
import { attemptsLeftSql, whoCanGrant } from './grants';
import type { SessionUser } from './auth/session';
import { ServiceError } from './errors';

/**
 * How an attempt was started: free practice, a graded assessment, an assigned refresher, or today's
 * spaced review. All but `assessment` are practice-like: untimed, practice items only, "check" allowed.
 */
export type Mode = Attempt['mode'];

/**
 * The modes a learner starts directly (the quiz page and `POST /api/v1/attempts`), out of
 * `ATTEMPT_MODES`; refreshers and spaced review start through their own services, which pass their draw.
 */
export const DIRECT_START_MODES = ['practice', 'assessment'] as const satisfies readonly Mode[];

/** True for the modes that draw practice items, are never timed and let the learner check an answer. */
function isPracticeLike(mode: Mode): boolean {
  return mode !== 'assessment';
}

/**
 * What a checked question shows (practice-like modes only, after `checkResponse`): the credit,
 * generated feedback as data (worded by the page), the explanation, the lesson section and the right
 * answer in words.
 */
export interface CheckedFeedback {
  credit: number;
  lines: FeedbackLine[];
  explanation: string;
  lesson: string;
  /** The right answer in words (for a conversation: the best reply at each line reached). */
  correct: string[];
}

/** One saved answer as its owner sees it. Feedback only once the question was checked. */
export interface SavedResponse {
  answer: Answer;
  /** Checked (practice-like modes): locked in this attempt, feedback shown. */
  checked: boolean;
  feedback?: CheckedFeedback;
  /** A conversation: what the learner has reached so far (the customer's next line, or that it ended). */
  talk?: PublicTalk;
}

/** The attempt as its owner may see it: questions without answers, feedback only where allowed. */
export interface AttemptView {
  id: number;
  quizId: string;
  mode: Mode;
  assignmentId: number | null;
  startedAt: string;
  deadline: string | null;
  submittedAt: string | null;
  /** Submitted by the deadline passing rather than by the learner. */
  timedOut: boolean;
  score: number | null;
  passed: boolean | null;
  passMark: number;
  /** The server's clock when this view was made, so a player can correct a wrong device clock. */
  serverTime: string;
  questions: PublicQuestion[];
  responses: Record<string, SavedResponse>;
  review: Review | null;
}

/** A submitted attempt's review: numbered items, what the policy reveals, and where to go next. */
export interface Review {
  /** Whether the right answers are shown (scoring/policy.ts reviewReveal). */
  rightAnswerShown: boolean;
  /** Whether another attempt of this mode may be started now (an assessment with attempts left). */
  canRetake: boolean;
  items: ReviewItem[];
}

/** One question after submission: what was given, whether it was right, why, and where to revisit it. */
export interface ReviewItem {
  /** 1-based position in the attempt. */
  n: number;
  questionId: string;
  type: Question['type'];
  prompt: string;
  credit: number;
  /** The learner's answer in words; null when unanswered. */
  given: string[] | null;
  /** The right answer in words; null when the policy keeps it back. */
  correct: string[] | null;
  /** Generated feedback; lines naming the right answer only when it is shown. */
  lines: FeedbackLine[];
  explanation: string;
  lesson: string;
}

/**
 * How `startAttempt` chooses questions beyond the mode's pool: the pluggable part of the draw that
 * refreshers and spaced review build on.
 */
export interface StartOptions {
  /** The assignment this attempt answers (a refresher); it must be the learner's, for this module, not withdrawn. */
  assignmentId?: number;
  /** Only these topics (a refresher's weak topics). Defaults to the assignment's topics for a refresher. */
  topics?: readonly string[];
  /** Exactly these questions in this order (spaced review); each must be a practice item of this quiz. */
  questionIds?: readonly string[];
}

function requireQuiz(quizId: string): Quiz {
  const quiz = getQuiz(quizId);
  if (!quiz) throw new ServiceError({ key: 'quiz.refusal.unknownQuiz', status: 404, code: 'unknown_quiz', params: { quizId } });
  return quiz;
}

async function ownAttempt(user: SessionUser, attemptId: number): Promise<Attempt> {
  const attempt = await (await attemptById()).get({ attemptId });
  if (!attempt) throw new ServiceError({ key: 'quiz.refusal.unknownAttempt', status: 404, code: 'unknown_attempt' });
  if (!canUseAttempt(user, attempt)) throw new ServiceError({ key: 'quiz.refusal.notYourAttempt', status: 403, code: 'not_yours' });
  return attempt;
}

/** Submitting reads the attempt and its answers: built once (db/prepared.ts); `limit 1`: see db/native-connection.ts. */
const attemptById = prepared((db) => db.select().from(attempts).where(eq(attempts.id, sql.placeholder('attemptId'))).limit(1).prepare());
const answersOf = prepared((db) => db.select().from(responses).where(eq(responses.attemptId, sql.placeholder('attemptId'))).prepare());

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
  if (!canUseAttempt(user, known)) throw new ServiceError({ key: 'quiz.refusal.notYourAttempt', status: 403, code: 'not_yours' });
  return known;
}

const expired = (a: Pick<Attempt, 'deadline'>, now: number) => a.deadline !== null && now > a.deadline.getTime();

/** The assessment attempts a learner has at a quiz: the quiz's limit plus one per grant, those used, and those left. */
export interface AssessmentAllowance {
  /** null: the quiz sets no limit. */
  allowed: number | null;
  used: number;
  left: number | null;
}

/** Counts a learner's assessment attempts against the quiz's limit plus the grants (each grant row is one more attempt). */
export async function assessmentAllowance(userId: number, quizId: string): Promise<AssessmentAllowance> {
  return (await assessmentStanding(userId, quizId)).allowance;
}

/** The allowance and whether the module's assessment was passed, in one read (the review needs both). */
async function assessmentStanding(userId: number, quizId: string): Promise<{ allowance: AssessmentAllowance; passed: boolean }> {
  const limit = getQuiz(quizId)?.config.assessmentAttempts;
  const row = await (await standingOf()).get({ userId, quizId });
  const used = row?.used ?? 0;
  const passed = Boolean(row?.passed);
  if (!limit) return { allowance: { allowed: null, used, left: null }, passed };
  const allowed = limit + (row?.granted ?? 0);
  return { allowance: { allowed, used, left: Math.max(0, allowed - used) }, passed };
}

/** Attempts used, grants and whether one passed, for one learner and quiz: every review and quiz page asks. */
const standingOf = prepared((db) => {
  const mine = and(eq(attempts.userId, sql.placeholder('userId')), eq(attempts.quizId, sql.placeholder('quizId')), eq(attempts.mode, 'assessment'));
  return db
    .select({
      used: db.$count(attempts, mine),
      passed: sql<number>`exists (select 1 from ${attempts} where ${and(mine, eq(attempts.passed, true))})`,
      granted: db.$count(attemptGrants, and(eq(attemptGrants.employeeId, sql.placeholder('userId')), eq(attemptGrants.quizId, sql.placeholder('quizId')))),
    })
    .from(sql`(select 1)`)
    .prepare();
});

/** The learner's open attempt of one quiz, mode and assignment (the partial unique index allows one). */
async function openAttempt(userId: number, quizId: string, mode: Mode, assignmentId: number | null): Promise<Attempt | undefined> {
  const db = await getDb();
  return db
    .select()
    .from(attempts)
    .where(
      and(
        eq(attempts.userId, userId),
        eq(attempts.quizId, quizId),
        eq(attempts.mode, mode),
        sql`coalesce(${attempts.assignmentId}, 0) = ${assignmentId ?? 0}`,
        isNull(attempts.submittedAt),
      ),
    )
    .get();
}

/** Checks a refresher's assignment: the learner's own, for this module, still standing. Returns its topics. */
async function assignmentTopics(user: SessionUser, quizId: string, assignmentId: number): Promise<string[] | null> {
  const db = await getDb();
  const row = await db.select().from(assignments).where(eq(assignments.id, assignmentId)).get();
  if (!row) throw new ServiceError({ key: 'quiz.refusal.unknownAssignment', status: 404, code: 'unknown_assignment' });
  if (row.assigneeId !== user.id) throw new ServiceError({ key: 'quiz.refusal.notYourAssignment', status: 403, code: 'not_yours' });
  if (row.module !== quizId) throw new ServiceError({ key: 'quiz.refusal.wrongModule', status: 400, code: 'wrong_module' });
  if (row.withdrawnAt) throw new ServiceError({ key: 'quiz.refusal.withdrawn', status: 409, code: 'withdrawn' });
  return row.topics ?? null;
}

/**
 * The assessment items a learner has met in this quiz's earlier assessments. Their reviews mark each
 * right or wrong with its explanation, and once the attempts are used up (when a supervisor may grant
 * another) show the right answers: a retake draws new items first.
 */
async function assessmentItemsSeen(userId: number, quizId: string): Promise<Set<string>> {
  const db = await getDb();
  const rows = await db
    .select({ questionIds: attempts.questionIds })
    .from(attempts)
    .where(and(eq(attempts.userId, userId), eq(attempts.mode, 'assessment'), eq(attempts.quizId, quizId)));
  return new Set(rows.flatMap((r) => r.questionIds));
}

/** The question ids an attempt gets: the given ones (each a practice item of the quiz) or a seeded draw from the mode's pool. */
function chooseQuestions(quiz: Quiz, mode: Mode, seed: number, topics: readonly string[] | null, questionIds?: readonly string[], seen?: ReadonlySet<string>): string[] {
  const spec = { pool: poolForMode(mode), topics: topics ?? undefined, seen };
  if (questionIds) {
    const allowed = new Set(eligibleQuestions(quiz.list, spec).map((q) => q.id));
    const bad = questionIds.find((id) => !allowed.has(id));
    if (bad) throw new ServiceError({ key: 'quiz.refusal.notInPool', status: 400, code: 'not_in_pool', params: { questionId: bad } });
    return [...new Set(questionIds)];
  }
  return drawQuestionIds(quiz.list, quiz.config, seed, spec);
}

/**
 * Starts an attempt, or resumes the learner's open one of the same quiz, mode and assignment (a double
 * click, a second tab or two racing requests all end in one attempt: the partial unique index
 * `attempts_one_open_idx` lets only one insert win, and the loser resumes the winner's).
 *
 * The draw is pluggable: by default a seeded, topic-balanced draw of the quiz's size from the mode's
 * pool (assessment items only for `assessment`, items the learner has not met in an earlier
 * assessment first; practice items for every other mode); `options.topics`
 * narrows it to some topics (refreshers), `options.questionIds` fixes the questions (spaced review).
 * An assessment is timed and limited to the quiz's attempts plus one per grant; the limit check and
 * the insert are one SQL statement, so two starts can never both pass the check.
 */
export async function startAttempt(
  user: SessionUser,
  quizId: string,
  mode: Mode,
  options: StartOptions = {},
): Promise<{ attempt: AttemptView; resumed: boolean }> {
  const quiz = requireQuiz(quizId);
  if (mode === 'assessment' && (options.questionIds || options.topics || options.assignmentId))
    throw new ServiceError({ key: 'quiz.refusal.fixedDraw', status: 400, code: 'fixed_draw' });
  const assignmentId = options.assignmentId ?? null;
  const assigned = assignmentId === null ? null : await assignmentTopics(user, quizId, assignmentId);
  const topics = options.topics ?? (mode === 'refresher' ? assigned : null);

  const open = await openAttempt(user.id, quizId, mode, assignmentId);
  if (open && !expired(open, Date.now())) return { attempt: await viewOf(open, quiz), resumed: true };
  if (open) await finalize(open, quiz).catch(ignoreAlreadySubmitted);

  const now = Date.now();
  const seed = crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;
  const seen = mode === 'assessment' ? await assessmentItemsSeen(user.id, quizId) : undefined;
  const questionIds = chooseQuestions(quiz, mode, seed, topics, options.questionIds, seen);
  if (questionIds.length === 0) throw new ServiceError({ key: 'quiz.refusal.nothingToDraw', status: 409, code: 'nothing_to_draw' });
  const limit = mode === 'assessment' && quiz.config.timeLimitMinutes ? quiz.config.timeLimitMinutes * 60_000 : null;
  const maxAssessments = mode === 'assessment' ? (quiz.config.assessmentAttempts ?? null) : null;
  const db = await getDb();
  // One statement: the limit (the quiz's attempts plus grants) is checked and the row inserted
  // atomically; a second open attempt conflicts with the partial unique index and inserts nothing.
  const inserted = await db.all<{ id: number }>(sql`
    INSERT INTO attempts (user_id, quiz_id, content_hash, mode, assignment_id, seed, question_ids, started_at, deadline)
    SELECT ${user.id}, ${quizId}, ${quiz.contentHash}, ${mode}, ${assignmentId}, ${seed}, ${JSON.stringify(questionIds)}, ${now}, ${limit ? now + limit : null}
    WHERE ${maxAssessments === null ? sql`1` : sql`${attemptsLeftSql(user.id, quizId, maxAssessments)} > 0`}
    ON CONFLICT DO NOTHING
    RETURNING id`);
  if (inserted.length === 0) {
    const winner = await openAttempt(user.id, quizId, mode, assignmentId);
    if (winner) return { attempt: await viewOf(winner, quiz), resumed: true };
    throw await noAttemptsLeft(user.id);
  }
  const row = await db.select().from(attempts).where(eq(attempts.id, inserted[0].id)).get();
  return { attempt: await viewOf(row!, quiz), resumed: false };
}

/** The refusal of an assessment past its limit, naming who can grant another attempt (`params.supervisor`). */
async function noAttemptsLeft(userId: number): Promise<ServiceError> {
  const supervisor = await whoCanGrant(userId);
  return supervisor
    ? new ServiceError({ key: 'quiz.refusal.noAttemptsLeft', status: 409, code: 'no_attempts_left', params: { supervisor } })
    : new ServiceError({ key: 'quiz.refusal.noAttemptsLeftNoSupervisor', status: 409, code: 'no_attempts_left' });
}

/** Another request graded the attempt first: nothing left to do. */
function ignoreAlreadySubmitted(error: unknown) {
  if (!(error instanceof ServiceError && error.code === 'already_submitted')) throw error;
}

/** The attempt for its owner; an attempt past its deadline is graded first with what was saved. */
export async function getAttempt(user: SessionUser, attemptId: number): Promise<AttemptView> {
  let attempt = await ownAttempt(user, attemptId);
  const quiz = requireQuiz(attempt.quizId);
  if (!attempt.submittedAt && expired(attempt, Date.now())) {
    await finalize(attempt, quiz).catch(ignoreAlreadySubmitted);
    attempt = await ownAttempt(user, attemptId);
  }
  return viewOf(attempt, quiz);
}

/**
 * A submitted attempt as someone other than its owner reads it (the supervisor's read-only view): the
 * same view and review the owner gets, or undefined while it is open or unknown. The caller decides
 * who may read it (access.ts); this never lets anyone change it.
 */
export async function submittedAttempt(attemptId: number): Promise<{ userId: number; view: AttemptView } | undefined> {
  const db = await getDb();
  const attempt = await db.select().from(attempts).where(eq(attempts.id, attemptId)).get();
  const quiz = attempt && getQuiz(attempt.quizId);
  if (!attempt?.submittedAt || !quiz) return undefined;
  return { userId: attempt.userId, view: await viewOf(attempt, quiz) };
}

/** Refuses a late answer (grading the attempt with what was saved) or one to a question not drawn. */
async function openQuestion(user: SessionUser, attemptId: number, questionId: string) {
  const attempt = await ownFacts(user, attemptId);
  const quiz = requireQuiz(attempt.quizId);
  if (expired(attempt, Date.now())) {
    const stored = await ownAttempt(user, attemptId);
    if (stored.submittedAt) throw new ServiceError({ key: 'quiz.refusal.answersLocked', status: 409, code: 'already_submitted' });
    await finalize(stored, quiz).catch(ignoreAlreadySubmitted);
    throw new ServiceError({ key: 'quiz.refusal.deadlinePassed', status: 409, code: 'deadline_passed' });
  }
  const question = attempt.questionIds.includes(questionId) ? quiz.questions.get(questionId) : undefined;
  if (!question) throw new ServiceError({ key: 'quiz.refusal.unknownQuestion', status: 404, code: 'unknown_question', params: { questionId } });
  return { attempt, question };
}

/** Why a conditional write to one response changed nothing: submitted, checked, or (a conversation) taken back. */
async function refusalOf(attemptId: number, questionId: string): Promise<ServiceError> {
  const db = await getDb();
  const attempt = await db.select({ submittedAt: attempts.submittedAt }).from(attempts).where(eq(attempts.id, attemptId)).get();
  if (attempt?.submittedAt) return new ServiceError({ key: 'quiz.refusal.answersLocked', status: 409, code: 'already_submitted' });
  const saved = await db.select().from(responses).where(and(eq(responses.attemptId, attemptId), eq(responses.questionId, questionId))).get();
  if (saved?.checkedAt) return new ServiceError({ key: 'quiz.refusal.checkedLocked', status: 409, code: 'already_checked' });
  return new ServiceError({ key: 'quiz.refusal.talkCannotChange', status: 409, code: 'talk_cannot_change' });
}

/**
 * Saves one answer; never returns feedback, in any mode. Refuses a submitted or late attempt, a
 * question not drawn for it, an answer of the wrong shape or with ids the question does not have, a
 * question already checked, and a conversation path that does not extend the saved one (what was
 * said cannot be taken back, so nobody can probe how the customer reacts to each reply). A whole
 * valid path in one call is accepted. For a conversation it returns what the learner now reached:
 * the customer's next line, or that the talk ended.
 */
export async function saveResponse(user: SessionUser, attemptId: number, questionId: string, raw: unknown): Promise<SavedResponse> {
  const { attempt, question } = await openQuestion(user, attemptId, questionId);
  const checked = checkAnswer(question, raw);
  if (!checked.ok) throw new ServiceError({ key: checked.problem.key, status: 400, code: 'invalid_answer', params: checked.problem.params });
  const result = grade(question, checked.answer);
  const json = JSON.stringify(checked.answer);
  const db = await getDb();
  // A conversation may only grow: the stored JSON array minus its closing bracket must begin the new one.
  const onlyExtends = question.type === 'scenario' ? sql`substr(excluded.answer, 1, length(responses.answer) - 1) = substr(responses.answer, 1, length(responses.answer) - 1)` : sql`1`;
  const saved = await db.run(sql`
    INSERT INTO responses (attempt_id, question_id, answer, credit, saved_at)
    SELECT ${attempt.id}, ${questionId}, ${json}, ${result.credit}, ${Date.now()}
    WHERE EXISTS (SELECT 1 FROM attempts WHERE id = ${attempt.id} AND submitted_at IS NULL)
    ON CONFLICT (attempt_id, question_id) DO UPDATE SET answer = excluded.answer, credit = excluded.credit, saved_at = excluded.saved_at
    WHERE responses.checked_at IS NULL AND ${onlyExtends}`);
  if (saved.rowsAffected === 0) throw await refusalOf(attempt.id, questionId);
  if (question.type !== 'scenario') return { answer: checked.answer, checked: false };
  return { answer: checked.answer, checked: false, talk: presentTalk(question, attempt.seed, checked.answer as string[]) };
}

/**
 * "检查答案" (practice-like modes only): grades the saved answer of one question, locks it in this
 * attempt and returns the credit, feedback, explanation, right answer and lesson section. Refused in
 * an assessment (400), before an answer is saved or while a conversation is still going (400), and
 * when already checked (409); a refusal changes nothing.
 */
export async function checkResponse(user: SessionUser, attemptId: number, questionId: string): Promise<SavedResponse> {
  const facts = await ownFacts(user, attemptId);
  if (!isPracticeLike(facts.mode)) throw new ServiceError({ key: 'quiz.refusal.checkNotAllowed', status: 400, code: 'check_not_allowed' });
  const { attempt, question } = await openQuestion(user, attemptId, questionId);
  const db = await getDb();
  const saved = await db.select().from(responses).where(and(eq(responses.attemptId, attempt.id), eq(responses.questionId, questionId))).get();
  if (!saved) throw new ServiceError({ key: 'quiz.refusal.nothingToCheck', status: 400, code: 'nothing_to_check' });
  if (saved.checkedAt) throw new ServiceError({ key: 'quiz.refusal.alreadyChecked', status: 409, code: 'already_checked' });
  const answer = saved.answer as Answer;
  if (question.type === 'scenario' && !followPath(question, answer as string[]).ended)
    throw new ServiceError({ key: 'quiz.refusal.talkUnfinished', status: 400, code: 'talk_unfinished' });
  // Lock exactly the answer graded here: a save racing this check either lands first (and this
  // changes nothing) or is refused afterwards as already checked.
  const locked = await db.run(sql`
    UPDATE responses SET checked_at = ${Date.now()}
    WHERE attempt_id = ${attempt.id} AND question_id = ${questionId} AND checked_at IS NULL AND answer = ${JSON.stringify(answer)}
      AND EXISTS (SELECT 1 FROM attempts WHERE id = ${attempt.id} AND submitted_at IS NULL)`);
  if (locked.rowsAffected === 0) {
    const why = await refusalOf(attempt.id, questionId);
    throw why.code === 'talk_cannot_change' ? new ServiceError({ key: 'quiz.refusal.answerChanged', status: 409, code: 'answer_changed' }) : why;
  }
  return { answer, checked: true, feedback: checkedFeedback(question, answer), ...talkOf(question, attempt.seed, answer) };
}

function checkedFeedback(q: Question, answer: Answer): CheckedFeedback {
  const result = grade(q, answer);
  return { credit: result.credit, lines: result.feedback, explanation: q.explanation, lesson: q.lesson, correct: rightWords(q, answer) };
}

function talkOf(q: Question, seed: number, answer: Answer): { talk?: PublicTalk } {
  return q.type === 'scenario' ? { talk: presentTalk(q, seed, Array.isArray(answer) ? (answer as string[]) : []) } : {};
}

/** Grades the attempt on the server and freezes it. A second submit is refused and changes nothing. */
export async function submitAttempt(user: SessionUser, attemptId: number): Promise<AttemptView> {
  const attempt = await ownAttempt(user, attemptId);
  if (attempt.submittedAt) throw new ServiceError({ key: 'quiz.refusal.alreadySubmitted', status: 409, code: 'already_submitted' });
  const quiz = requireQuiz(attempt.quizId);
  const { submitted, saved } = await finalize(attempt, quiz);
  return viewOf(submitted, quiz, saved);
}

/**
 * Grades every drawn question from the saved answers (unanswered = 0) and marks the attempt
 * submitted, only if nobody did so first. Past its deadline it is submitted at the deadline and
 * marked timed out. Then the supervisor loop hears of it (assignments it completes). Returns the
 * submitted row and the answers it was graded on, so the caller's view needs no second read.
 */
async function finalize(attempt: Attempt, quiz: Quiz): Promise<{ submitted: Attempt; saved: SavedRow[] }> {
  const saved = await (await answersOf()).all({ attemptId: attempt.id });
  const credits = saved
    .filter((r) => attempt.questionIds.includes(r.questionId))
    .map((r) => {
      const q = quiz.questions.get(r.questionId);
      return q ? grade(q, r.answer as Answer).credit : 0;
    });
  const score = attemptScore(credits, attempt.questionIds.length);
  const passed = isPass(score, quiz.config.passMark);
  const timedOut = expired(attempt, Date.now());
  const submittedAt = timedOut ? attempt.deadline! : new Date();
  const updated = await (await markSubmitted()).all({ attemptId: attempt.id, submittedAt: submittedAt.getTime(), score, passed: passed ? 1 : 0, timedOut: timedOut ? 1 : 0 });
  if (updated.length === 0) throw new ServiceError({ key: 'quiz.refusal.alreadySubmitted', status: 409, code: 'already_submitted' });
  await onAttemptSubmitted(updated[0]);
  return { submitted: updated[0], saved };
}

/**
 * Freezes an attempt with its grade unless somebody did first. Built once: values are bound as stored
 * (milliseconds, 0/1), since a placeholder skips drizzle's column mapping; the returned row is mapped.
 */
const markSubmitted = prepared((db) =>
  db
    .update(attempts)
    .set({
      submittedAt: sql`${sql.placeholder('submittedAt')}`,
      score: sql`${sql.placeholder('score')}`,
      passed: sql`${sql.placeholder('passed')}`,
      timedOut: sql`${sql.placeholder('timedOut')}`,
    })
    .where(and(eq(attempts.id, sql.placeholder('attemptId')), isNull(attempts.submittedAt)))
    .returning()
    .prepare(),
);

/** One saved answer as stored. */
type SavedRow = typeof responses.$inferSelect;

/** What a learner sees of an attempt; `known` are its saved answers when the caller has just read them. */
async function viewOf(attempt: Attempt, quiz: Quiz, known?: SavedRow[]): Promise<AttemptView> {
  const saved = known ?? (await (await answersOf()).all({ attemptId: attempt.id }));
  const byQuestion = new Map(saved.map((r) => [r.questionId, r]));
  const drawn = attempt.questionIds.map((id) => quiz.questions.get(id)).filter((q) => q !== undefined);
  const practiceLike = isPracticeLike(attempt.mode);
  const responsesView: Record<string, SavedResponse> = {};
  for (const q of drawn) {
    const row = byQuestion.get(q.id);
    if (!row) continue;
    const answer = row.answer as Answer;
    const checked = row.checkedAt !== null;
    responsesView[q.id] = {
      answer,
      checked,
      ...(checked && practiceLike ? { feedback: checkedFeedback(q, answer) } : {}),
      ...talkOf(q, attempt.seed, answer),
    };
  }
  return {
    id: attempt.id,
    quizId: attempt.quizId,
    mode: attempt.mode,
    assignmentId: attempt.assignmentId,
    startedAt: attempt.startedAt.toISOString(),
    deadline: attempt.deadline?.toISOString() ?? null,
    submittedAt: attempt.submittedAt?.toISOString() ?? null,
    timedOut: attempt.timedOut,
    score: attempt.score,
    passed: attempt.passed,
    passMark: quiz.config.passMark,
    serverTime: new Date().toISOString(),
    questions: drawn.map((q) => presentQuestion(q, attempt.seed, byQuestion.get(q.id)?.answer)),
    responses: responsesView,
    review: attempt.submittedAt ? await reviewOf(attempt, drawn, byQuestion) : null,
  };
}

/** The review of a submitted attempt, as much as `reviewReveal` allows. */
async function reviewOf(attempt: Attempt, drawn: Question[], saved: Map<string, { answer: unknown }>): Promise<Review> {
  const assessment = attempt.mode === 'assessment';
  const standing = assessment ? await assessmentStanding(attempt.userId, attempt.quizId) : null;
  const allowance = standing?.allowance ?? null;
  const passedModule = standing?.passed ?? false;
  const { rightAnswer } = reviewReveal({ mode: attempt.mode, passedModule, attemptsLeft: allowance?.left ?? null });
  const items = drawn.map((q, i): ReviewItem => {
    const given = (saved.get(q.id)?.answer ?? null) as Answer | null;
    const result = given === null ? { credit: 0, feedback: [] } : grade(q, given);
    return {
      n: i + 1,
      questionId: q.id,
      type: q.type,
      prompt: q.prompt,
      credit: result.credit,
      given: given === null ? null : answerWords(q, given),
      correct: rightAnswer ? rightWords(q, given) : null,
      lines: rightAnswer ? result.feedback : result.feedback.filter(revealsNothing),
      explanation: q.explanation,
      lesson: q.lesson,
    };
  });
  const canRetake = !assessment || allowance!.left === null || allowance!.left > 0;
  return { rightAnswerShown: rightAnswer, canRetake, items };
}

/** Feedback lines that say how well, not what would have been right. */
function revealsNothing(line: FeedbackLine): boolean {
  return line.kind === 'tally' || line.kind === 'pairsInOrder' || line.kind === 'matched' || line.kind === 'scenarioScore' || line.kind === 'allRight';
}

/** The user's attempts at one quiz, newest first, for the quiz page. */
export async function listAttempts(userId: number, quizId: string) {
  const db = await getDb();
  return db
    .select({
      id: attempts.id,
      mode: attempts.mode,
      startedAt: attempts.startedAt,
      submittedAt: attempts.submittedAt,
      score: attempts.score,
      passed: attempts.passed,
      deadline: attempts.deadline,
      timedOut: attempts.timedOut,
    })
    .from(attempts)
    .where(and(eq(attempts.userId, userId), eq(attempts.quizId, quizId)))
    .orderBy(desc(attempts.id));
}

/** Per employee and quiz: the best submitted assessment score and whether any assessment passed. */
export async function bestAssessmentScores(userIds: readonly number[]): Promise<Map<number, Map<string, AssessmentResult>>> {
  const out = new Map<number, Map<string, AssessmentResult>>();
  if (userIds.length === 0) return out;
  const db = await getDb();
  const rows =
    userIds.length === 1
      ? await (await bestScoresOfOne()).all({ userId: userIds[0] })
      : await db.select(bestScoreColumns).from(attempts).where(and(inArray(attempts.userId, [...userIds]), submittedAssessment)).groupBy(attempts.userId, attempts.quizId);
  for (const r of rows) {
    if (!out.has(r.userId)) out.set(r.userId, new Map());
    out.get(r.userId)!.set(r.quizId, { best: r.best, passed: r.passed === 1 });
  }
  return out;
}

const bestScoreColumns = { userId: attempts.userId, quizId: attempts.quizId, best: sql<number>`max(${attempts.score})`, passed: sql<number>`max(${attempts.passed})` };
const submittedAssessment = and(eq(attempts.mode, 'assessment'), isNotNull(attempts.submittedAt));
/** One learner's best scores: every signed-in home page asks, so the query is built once. */
const bestScoresOfOne = prepared((db) =>
  db.select(bestScoreColumns).from(attempts).where(and(eq(attempts.userId, sql.placeholder('userId')), submittedAssessment)).groupBy(attempts.quizId).prepare(),
);

export interface AssessmentResult {
  best: number;
  passed: boolean;
}
