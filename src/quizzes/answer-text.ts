import { bestReplies, followPath } from './types/scenario';
import type { Answer, Question } from './types';

/**
 * An answer in words for feedback and review: option texts for choices, numbered steps for an
 * order, "left → right" for pairs, the replies given for a conversation. Built on the server from
 * the question, so no page ever needs the texts of options it should not show (a scenario's
 * unreached replies above all).
 */
export function answerWords(q: Question, answer: Answer | null | undefined): string[] {
  if (answer === null || answer === undefined) return [];
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const text = new Map(q.options.map((o) => [o.id, o.text]));
      const ids = typeof answer === 'string' ? [answer] : Array.isArray(answer) ? answer : [];
      return ids.map((id) => text.get(id) ?? id);
    }
    case 'ordering': {
      const text = new Map(q.items.map((o) => [o.id, o.text]));
      return (Array.isArray(answer) ? answer : []).map((id, i) => `${i + 1}. ${text.get(id) ?? id}`);
    }
    case 'matching': {
      if (typeof answer !== 'object' || Array.isArray(answer)) return [];
      const right = new Map(q.right.map((o) => [o.id, o.text]));
      return q.left.filter((l) => answer[l.id]).map((l) => `${l.text} → ${right.get(answer[l.id]) ?? answer[l.id]}`);
    }
    case 'scenario':
      return followPath(q, Array.isArray(answer) ? answer : []).taken.map((c, i) => `${i + 1}. ${c.text}`);
  }
}

/**
 * The right answer in words. For a conversation: at each customer line the learner reached, the
 * reply that opens the best talk from there on; lines never reached stay unseen.
 */
export function rightWords(q: Question, given: Answer | null | undefined): string[] {
  if (q.type !== 'scenario') return answerWords(q, q.answer);
  const { visited, current } = followPath(q, Array.isArray(given) ? given : []);
  const reached = current ? [...visited, current] : visited;
  const best = bestReplies(q);
  return reached.map((n, i) => `${i + 1}. ${n.choices.find((c) => c.id === best.get(n.id))?.text ?? ''}`);
}
