/**
 * Mastery per topic and weak topics, from graded questions. Pure: the caller passes every drawn question
 * of the attempts that count (unanswered ones with credit 0) and the policy.
 */

/** One graded question: which module and topic it tests, the credit earned (0–1) and when it was submitted. */
export interface GradedItem {
  module: string;
  topic: string;
  credit: number;
  /** Submission time of its attempt, epoch milliseconds. */
  at: number;
}

export interface TopicMastery {
  module: string;
  topic: string;
  /** Mean credit, 0–1, rounded to 3 decimals. */
  mean: number;
  /** Questions counted. */
  count: number;
}

/** Mean credit per module and topic, ordered by module then weakest first. */
export function topicMastery(items: readonly GradedItem[]): TopicMastery[] {
  const sums = new Map<string, { module: string; topic: string; sum: number; count: number }>();
  for (const item of items) {
    const key = `${item.module}\u0000${item.topic}`;
    const entry = sums.get(key) ?? { module: item.module, topic: item.topic, sum: 0, count: 0 };
    entry.sum += item.credit;
    entry.count += 1;
    sums.set(key, entry);
  }
  return [...sums.values()]
    .map(({ module, topic, sum, count }) => ({ module, topic, count, mean: Math.round((sum / count) * 1000) / 1000 }))
    .sort((a, b) => a.module.localeCompare(b.module) || a.mean - b.mean || a.topic.localeCompare(b.topic));
}

export interface WeakTopicRule {
  threshold: number;
  windowDays: number;
  minQuestions: number;
}

/**
 * Topics whose mean credit within the window is below the threshold, with enough questions seen to
 * be a pattern; weakest first. Items older than `windowDays` before `now` do not count.
 */
export function weakTopics(items: readonly GradedItem[], now: number, rule: WeakTopicRule): TopicMastery[] {
  const since = now - rule.windowDays * 86_400_000;
  return topicMastery(items.filter((i) => i.at >= since && i.at <= now))
    .filter((m) => m.count >= rule.minQuestions && m.mean < rule.threshold)
    .sort((a, b) => a.mean - b.mean || a.module.localeCompare(b.module) || a.topic.localeCompare(b.topic));
}
