import type { AttemptMode } from '../quizzes/delivery';

/** Scoring policy: the one place to tune how attempts are scored, what their review reveals, how the supervisor loop judges work and how the monthly review is reached. */
export const POLICY = {
  /** Attempt scores are percentages with one decimal. */
  scoreDecimals: 1,
  /** The learner's home warns about an open assignment this many days before its due date (and on it). */
  assignmentWarnDays: 3,
  /** An assignment is due at most this many days ahead: a later date is a typo (9999-12-31), not a plan. */
  assignmentMaxDaysAhead: 366,
  /**
   * Weak topics: a topic is weak when the learner's mean credit on its assessment questions, over the
   * last `windowDays` days, is below `threshold` (0–1) with at least `minQuestions` questions seen
   * (one unlucky question is not a pattern). Unanswered questions count as 0.
   */
  weakTopics: { threshold: 0.7, windowDays: 90, minQuestions: 2 },
  /** Questions in one spaced-review attempt ("今日复习"). */
  reviewQuestions: 10,
} as const;

/** The four components of the monthly review, in the order the review shows them. */
export const REVIEW_COMPONENTS = ['assessment', 'completion', 'conduct', 'complaints'] as const;
/** assessment, completion, conduct or complaints. */
export type ReviewComponentKey = (typeof REVIEW_COMPONENTS)[number];

/** The grade bands (优秀/良好/合格/待改进), best first; codes are stable, labels live in the catalogue. */
export const REVIEW_GRADES = ['excellent', 'good', 'pass', 'improve'] as const;
/** excellent (优秀), good (良好), pass (合格) or improve (待改进). */
export type ReviewGrade = (typeof REVIEW_GRADES)[number];

/** What the monthly review policy may set; tests pass variants of it to the pure review function. */
export interface ReviewPolicy {
  /** Stored on every approved review so a reader knows which rules produced it; bump it with any change below. */
  version: string;
  /** Relative weights (any scale); a component without data drops out and the others are renormalised to 100 %. */
  weights: Record<ReviewComponentKey, number>;
  /** Conduct (000 第三章 5–7, 9): starts at `start`, minus per warning and penalty, plus per commendation, clamped 0–100. */
  conduct: { start: number; warning: number; penalty: number; commendation: number };
  /** Complaints (000 3.10): starts at `start`, minus `perJustified` per justified complaint that month, floored at 0. */
  complaints: { start: number; perJustified: number };
  /** 000 3.10: this many justified complaints in a month (含) raise the flag, whatever the score. */
  complaintFlagAt: number;
  /** Lowest total (inclusive, after rounding to one decimal) of each grade; the last band must start at 0. */
  bands: readonly { grade: ReviewGrade; min: number }[];
}

/**
 * The monthly review policy in force. Assessment counts most (it is what the academy measures), conduct
 * next (the manual's daily inspection is the review's reference, 000 9.2), then on-time completion of
 * assigned training, then complaints. A warning costs 5 points of conduct, a penalty 15, a commendation
 * (000 7) earns 5 back; each justified complaint costs 20 of the complaints component, so five (the
 * 3.10 threshold) take it to 0.
 */
export const REVIEW_POLICY: ReviewPolicy = {
  version: '2026-12.1',
  weights: { assessment: 40, completion: 20, conduct: 30, complaints: 10 },
  conduct: { start: 100, warning: 5, penalty: 15, commendation: 5 },
  complaints: { start: 100, perJustified: 20 },
  complaintFlagAt: 5,
  bands: [
    { grade: 'excellent', min: 90 },
    { grade: 'good', min: 80 },
    { grade: 'pass', min: 60 },
    { grade: 'improve', min: 0 },
  ],
};

/** What the review of a submitted attempt may show beyond right/wrong, the explanation and the lesson link. */
export interface ReviewReveal {
  /** The right option(s) and the authors' comments on each reply, which name the better choice. */
  rightAnswer: boolean;
}

/** The facts the review policy decides on. */
export interface RevealFacts {
  mode: AttemptMode;
  /** The learner has passed this module's assessment (this attempt or another). */
  passedModule: boolean;
  /** Assessment attempts still open to the learner (limit plus grants minus used); null when unlimited. */
  attemptsLeft: number | null;
}

/**
 * After an assessment every question shows right or wrong, its explanation and lesson link; the right
 * option only once the learner has passed the module or has no attempt left, so a failed assessment
 * never becomes the answer key of the next one. Practice-like modes (practice, refresher, review)
 * draw practice items only and always show it.
 */
export function reviewReveal(facts: RevealFacts): ReviewReveal {
  if (facts.mode !== 'assessment') return { rightAnswer: true };
  return { rightAnswer: facts.passedModule || facts.attemptsLeft === 0 };
}
