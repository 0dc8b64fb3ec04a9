/**
 * Classical item analysis for content owners: how hard each assessment question is (facility) and
 * whether it separates stronger from weaker learners (discrimination). Pure: fed with sums the
 * database computes in one pass, so a module with a year of attempts is analysed live.
 */

/** Per question, the sums over every graded response: x = the question's credit (0–1), y = the rest of the attempt (0–k−1). */
export interface ItemSums {
  questionId: string;
  n: number;
  sumX: number;
  sumXX: number;
  sumY: number;
  sumYY: number;
  sumXY: number;
}

/** What the page shows for one question. */
export interface ItemStats {
  questionId: string;
  responses: number;
  /** Mean credit, 0–1: the share of the marks learners earned (classical "p value"). */
  facility: number | null;
  /** Corrected item–rest correlation, −1 to 1: does doing well here go with doing well on the rest? */
  discrimination: number | null;
  flags: ItemFlag[];
}

/** Why a content owner should look at an item. */
export type ItemFlag = 'too-easy' | 'too-hard' | 'weak-discrimination' | 'negative-discrimination' | 'few-responses';

/** Thresholds of the flags (common rules of thumb for classroom tests). */
const ITEM_THRESHOLDS = {
  /** Below this many responses the figures are noise: shown, but flagged. */
  minResponses: 30,
  easyAbove: 0.9,
  hardBelow: 0.3,
  weakDiscriminationBelow: 0.2,
} as const;

/** Pearson correlation from sums; null when either side does not vary. */
export function correlation(s: Pick<ItemSums, 'n' | 'sumX' | 'sumXX' | 'sumY' | 'sumYY' | 'sumXY'>): number | null {
  const { n } = s;
  if (n < 2) return null;
  const cov = n * s.sumXY - s.sumX * s.sumY;
  const vx = n * s.sumXX - s.sumX * s.sumX;
  const vy = n * s.sumYY - s.sumY * s.sumY;
  if (vx <= 1e-12 || vy <= 1e-12) return null;
  return Math.max(-1, Math.min(1, cov / Math.sqrt(vx * vy)));
}

/** Facility, discrimination and flags of one question from its sums. */
export function itemStats(s: ItemSums): ItemStats {
  const facility = s.n > 0 ? s.sumX / s.n : null;
  const discrimination = correlation(s);
  const flags: ItemFlag[] = [];
  if (s.n < ITEM_THRESHOLDS.minResponses) flags.push('few-responses');
  if (facility !== null && facility > ITEM_THRESHOLDS.easyAbove) flags.push('too-easy');
  if (facility !== null && facility < ITEM_THRESHOLDS.hardBelow) flags.push('too-hard');
  if (discrimination !== null && discrimination < 0) flags.push('negative-discrimination');
  else if (discrimination !== null && discrimination < ITEM_THRESHOLDS.weakDiscriminationBelow) flags.push('weak-discrimination');
  return {
    questionId: s.questionId,
    responses: s.n,
    facility: facility === null ? null : Math.round(facility * 1000) / 1000,
    discrimination: discrimination === null ? null : Math.round(discrimination * 1000) / 1000,
    flags,
  };
}
