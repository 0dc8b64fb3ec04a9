import { z } from 'zod';

/** The five manual files every lesson and question must cite; anything else is a typo or an invention. */
export const MANUAL_FILES = [
  '000_000cc55b97a2c730.txt',
  '001_beeca38a93620c07.txt',
  '002_45960f1ec1a6907d.txt',
  '003_0bbadc71e90d1b3d.txt',
  '004_2fadcbd4ccd016d0.txt',
] as const;

/**
 * What a reader calls each manual: its title in Chinese and a short English description, so pages cite
 * "购物广场客服管理操作手册 · 第二章 第六节 1" rather than a file name.
 */
export const MANUAL_TITLES: Record<(typeof MANUAL_FILES)[number], { zh: string; en: string }> = {
  '000_000cc55b97a2c730.txt': { zh: '购物广场客服管理操作手册', en: 'Shopping plaza customer-service operations manual (house policy)' },
  '001_beeca38a93620c07.txt': { zh: '客服中心工作规范汇编（网店、丹尼斯百货、物业等）', en: 'Collected service-desk rulebooks (online shop, Dennis department store, property management)' },
  '002_45960f1ec1a6907d.txt': { zh: '客户服务管理规范（金丽温高速热线）', en: 'Customer service management standard (Jinliwen motorway hotline)' },
  '003_0bbadc71e90d1b3d.txt': { zh: '红星美凯龙客户服务标准化管理手册', en: 'Red Star Macalline customer-service standards manual' },
  '004_2fadcbd4ccd016d0.txt': { zh: '煌辉易尚客户服务手册', en: 'Huanghui Yishang customer-service handbook' },
};

/** A citation of a manual passage: which file and the nearest heading or item number. */
const sourceSchema = z.object({
  file: z.enum(MANUAL_FILES),
  section: z.string().trim().min(1),
});

/** `module/lesson-slug#anchor`: the lesson section a question teaches from. */
const lessonRefSchema = z
  .string()
  .regex(/^[a-z0-9-]+\/[a-z0-9-]+#.+$/, 'lesson must look like "module/01-lesson#anchor"');

export const idSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'ids use letters, digits, - and _');

/** One selectable option, item or choice shown to the learner. */
export const optionSchema = z.object({ id: idSchema, text: z.string().trim().min(1) });
export type Option = z.infer<typeof optionSchema>;

/** The two pools a module's questions are split into (see baseQuestionSchema.pool). */
export const POOLS = ['practice', 'assessment'] as const;
export type Pool = (typeof POOLS)[number];

/** Fields every question type shares. */
export const baseQuestionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+-\d{3}$/, 'question ids look like "module-001"'),
  /**
   * Which draws may show it: `practice` items serve practice, refreshers and spaced review;
   * `assessment` items are shown only inside an assessment (and its own review), never elsewhere.
   */
  pool: z.enum(POOLS),
  topic: z.string().trim().min(1).max(40),
  difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  source: sourceSchema,
  lesson: lessonRefSchema,
  prompt: z.string().trim().min(1),
  explanation: z.string().trim().min(1),
});

/**
 * One line of generated feedback as data, not as a sentence: the page words it in the reader's
 * language (src/quizzes/feedback-text.ts). Texts inside (`texts`, `pairs`, `text`) are the bank's
 * Chinese content and are shown as such.
 */
export type FeedbackLine =
  /** Everything right. */
  | { kind: 'allRight' }
  /** The right option(s), by text. */
  | { kind: 'rightAnswer'; texts: string[] }
  /** Multiple choice: right picks, wrong picks and right options left out. */
  | { kind: 'tally'; right: number; wrong: number; missed: number }
  /** Ordering: item pairs in the right relative order out of all pairs. */
  | { kind: 'pairsInOrder'; inOrder: number; pairs: number }
  /** Ordering: the right sequence, by text. */
  | { kind: 'rightOrder'; texts: string[] }
  /** Matching: left items matched right out of all. */
  | { kind: 'matched'; right: number; of: number }
  /** Matching: the right pairs, by text. */
  | { kind: 'rightPairs'; pairs: [string, string][] }
  /** Scenario: the author's comment on one reply given. */
  | { kind: 'reply'; text: string }
  /** Scenario: points earned along the path against the best path's. */
  | { kind: 'scenarioScore'; earned: number; best: number };

/** What grading returns: credit between 0 and 1 and the lines explaining it. */
export interface GradeResult {
  credit: number;
  feedback: FeedbackLine[];
}

/** Duplicate ids in a list, for schema refinements. */
export function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

/** Keeps the first occurrence of each id, so a repeated pick never earns twice. */
export function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** Rounds credit to 4 decimals so stored scores compare cleanly. */
export function roundCredit(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 10000) / 10000;
}
