import type { Answer } from './types';

/**
 * An answer in words for the review: option texts for choices, "a → b" for orders and
 * conversation paths, "left：right" pairs for matching.
 */
export function answerText(type: string, answer: Answer | null, labels: Record<string, string>): string[] {
  if (answer === null) return [];
  const label = (id: string) => labels[id] ?? id;
  if (typeof answer === 'string') return [label(answer)];
  if (Array.isArray(answer)) return type === 'multiple' ? answer.map(label) : answer.map((id, i) => `${i + 1}. ${label(id)}`);
  return Object.entries(answer).map(([l, r]) => `${label(l)} → ${label(r)}`);
}
