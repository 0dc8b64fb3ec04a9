import type { Question } from './types';

/**
 * Topics and lesson sections of a module's practice pool: what a refresher may draw from and where its
 * learner should read up. Pure lookups over a bank.
 */

/** The topics that have practice items, in bank order (a refresher can only draw from those). */
export function practiceTopics(bank: readonly Question[]): string[] {
  return [...new Set(bank.filter((q) => q.pool === 'practice').map((q) => q.topic))];
}

/** The practice items on the given topics (every practice item when `topics` is empty or null). */
export function practiceItemsOn(bank: readonly Question[], topics: readonly string[] | null): Question[] {
  const wanted = topics && topics.length > 0 ? new Set(topics) : null;
  return bank.filter((q) => q.pool === 'practice' && (!wanted || wanted.has(q.topic)));
}

/** The distinct lesson sections (`module/lesson#anchor`) that teach the given topics, in bank order. */
export function lessonsForTopics(bank: readonly Question[], topics: readonly string[]): string[] {
  const wanted = new Set(topics);
  return [...new Set(bank.filter((q) => wanted.has(q.topic)).map((q) => q.lesson))];
}
