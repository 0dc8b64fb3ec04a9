import type { Question } from './types';

/**
 * Topics and lesson sections of a module's practice pool: what a refresher may draw from and where its
 * learner should read up. Pure lookups over a bank.
 */

/** The topics that have practice items, in bank order (a refresher can only draw from those). */
export function practiceTopics(bank: readonly Question[]): string[] {
  return [...new Set(bank.filter((q) => q.pool === 'practice').map((q) => q.topic))];
}

/** The distinct lesson sections (`module/lesson#anchor`) that teach the given topics, in bank order. */
export function lessonsForTopics(bank: readonly Question[], topics: readonly string[]): string[] {
  const wanted = new Set(topics);
  return [...new Set(bank.filter((q) => wanted.has(q.topic)).map((q) => q.lesson))];
}
