import type { Question } from './types';

/**
 * What makes a bank fit to assess, beyond being valid: enough items in each pool, every topic in both
 * pools, and no test-wise cue (the right answer given away by being the longest). Pure: `content:check`
 * prints it and fails on its problems; the unit tests hold the banks to it.
 */
export const BANK_LIMITS = {
  /** Items each pool of a module needs, so assessments and practice never run short of fresh items. */
  minPerPool: 25,
  /** Highest share of single/multiple questions whose unique longest option is a right one. */
  maxLongestRightShare: 0.3,
  /** Highest share of scenario decision points whose best reply is (one of) the longest. */
  maxLongestBestShare: 0.35,
} as const;

/** A count and the share it makes of its whole. */
export interface Rate {
  hits: number;
  of: number;
  share: number;
}

/** Cue and pool figures of one module's bank. */
export interface BankQuality {
  pools: { practice: number; assessment: number };
  /** Topics that appear in only one pool. */
  oneSidedTopics: { topic: string; only: 'practice' | 'assessment' }[];
  longestRight: Rate;
  longestBest: Rate;
  /** The reverse cue, reported so a bank does not trade "pick the longest" for "pick the shortest". */
  shortestRight: Rate;
}

const rate = (hits: number, of: number): Rate => ({ hits, of, share: of === 0 ? 0 : hits / of });
const len = (text: string) => [...text.replace(/\s+/g, '')].length;

/** True when the single longest option (no tie) is among the right ones. */
export function rightIsUniqueLongest(options: readonly { id: string; text: string }[], right: readonly string[]): boolean {
  return uniqueExtremeIsRight(options, right, Math.max);
}

/** True when the single shortest option (no tie) is among the right ones. */
function rightIsUniqueShortest(options: readonly { id: string; text: string }[], right: readonly string[]): boolean {
  return uniqueExtremeIsRight(options, right, Math.min);
}

function uniqueExtremeIsRight(options: readonly { id: string; text: string }[], right: readonly string[], pick: (...xs: number[]) => number): boolean {
  const lengths = options.map((o) => len(o.text));
  const extreme = pick(...lengths);
  const found = options.filter((_, i) => lengths[i] === extreme);
  return found.length === 1 && right.includes(found[0].id);
}

/**
 * Each decision point of a scenario (a node whose choices do not all earn the same) and whether its
 * best-scoring reply is at least as long as every other reply there.
 */
export function decisionPoints(q: Extract<Question, { type: 'scenario' }>): { node: string; bestIsLongest: boolean }[] {
  return q.nodes
    .filter((n) => new Set(n.choices.map((c) => c.points)).size > 1)
    .map((n) => {
      const top = Math.max(...n.choices.map((c) => c.points));
      const best = Math.max(...n.choices.filter((c) => c.points === top).map((c) => len(c.text)));
      const others = Math.max(...n.choices.filter((c) => c.points !== top).map((c) => len(c.text)));
      return { node: n.id, bestIsLongest: best >= others };
    });
}

/** Pool sizes, one-sided topics and cue rates of one module's questions. */
export function bankQuality(questions: readonly Question[]): BankQuality {
  const pools = { practice: 0, assessment: 0 };
  const topicPools = new Map<string, Set<'practice' | 'assessment'>>();
  let rightHits = 0;
  let shortHits = 0;
  let rightOf = 0;
  let bestHits = 0;
  let bestOf = 0;
  for (const q of questions) {
    pools[q.pool] += 1;
    if (!topicPools.has(q.topic)) topicPools.set(q.topic, new Set());
    topicPools.get(q.topic)!.add(q.pool);
    if (q.type === 'single' || q.type === 'multiple') {
      rightOf += 1;
      const right = q.type === 'single' ? [q.answer] : q.answer;
      if (rightIsUniqueLongest(q.options, right)) rightHits += 1;
      if (rightIsUniqueShortest(q.options, right)) shortHits += 1;
    }
    if (q.type === 'scenario')
      for (const d of decisionPoints(q)) {
        bestOf += 1;
        if (d.bestIsLongest) bestHits += 1;
      }
  }
  const oneSidedTopics = [...topicPools]
    .filter(([, set]) => set.size === 1)
    .map(([topic, set]) => ({ topic, only: [...set][0] }));
  return { pools, oneSidedTopics, longestRight: rate(rightHits, rightOf), longestBest: rate(bestHits, bestOf), shortestRight: rate(shortHits, rightOf) };
}

/** The quality problems of every module, as sentences naming what to fix. */
export function bankQualityProblems(banks: Record<string, readonly Question[]>): { module: string; message: string }[] {
  const problems: { module: string; message: string }[] = [];
  for (const [module, questions] of Object.entries(banks)) {
    const q = bankQuality(questions);
    for (const pool of ['practice', 'assessment'] as const)
      if (q.pools[pool] < BANK_LIMITS.minPerPool)
        problems.push({ module, message: `${pool} pool has ${q.pools[pool]} questions; at least ${BANK_LIMITS.minPerPool} are needed` });
    for (const t of q.oneSidedTopics)
      problems.push({ module, message: `topic "${t.topic}" is only in the ${t.only} pool; add a parallel item to the other pool` });
    if (q.longestRight.share > BANK_LIMITS.maxLongestRightShare)
      problems.push({ module, message: `right option is the unique longest in ${q.longestRight.hits} of ${q.longestRight.of} choice questions (limit ${BANK_LIMITS.maxLongestRightShare * 100}%)` });
    if (q.longestBest.share > BANK_LIMITS.maxLongestBestShare)
      problems.push({ module, message: `best reply is the longest at ${q.longestBest.hits} of ${q.longestBest.of} scenario decision points (limit ${BANK_LIMITS.maxLongestBestShare * 100}%)` });
  }
  return problems;
}
