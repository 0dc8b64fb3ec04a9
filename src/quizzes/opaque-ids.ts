import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Question } from './types';

/**
 * The id a learner sees for an option, item or reply: a hash of the question and the author's id.
 * Authors name options a, b, c… and tend to put the right one first (in the first banks the right
 * single-choice option was `a` in half the questions, the best reply's id ended in `a` in three of
 * four decision points). Ids travel to the browser (radio values, the API), so they must say nothing.
 */
export function opaqueId(questionId: string, authorId: string): string {
  return 'o' + encodeHexLowerCase(sha256(new TextEncoder().encode(`${questionId}/${authorId}`))).slice(0, 10);
}

/**
 * The question with every option, item and reply id (and its answer) replaced by its opaque id. Node
 * ids of a scenario stay: they never leave the server. Throws if two ids of a question collide.
 */
export function withOpaqueIds(q: Question): Question {
  const seen = new Set<string>();
  const id = (authorId: string) => opaqueId(q.id, authorId);
  const rename = <T extends { id: string }>(o: T): T => {
    const next = id(o.id);
    if (seen.has(next)) throw new Error(`${q.id}: opaque id collision for "${o.id}"`);
    seen.add(next);
    return { ...o, id: next };
  };
  switch (q.type) {
    case 'single':
      return { ...q, options: q.options.map(rename), answer: id(q.answer) };
    case 'multiple':
      return { ...q, options: q.options.map(rename), answer: q.answer.map(id) };
    case 'ordering':
      return { ...q, items: q.items.map(rename), answer: q.answer.map(id) };
    case 'matching':
      return {
        ...q,
        left: q.left.map(rename),
        right: q.right.map(rename),
        answer: Object.fromEntries(Object.entries(q.answer).map(([l, r]) => [id(l), id(r)])),
      };
    case 'scenario':
      return { ...q, nodes: q.nodes.map((n) => ({ ...n, choices: n.choices.map(rename) })) };
  }
}
