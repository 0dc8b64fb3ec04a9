import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { RAW_BANKS } from './bank';
import { withOpaqueIds } from './opaque-ids';
import { QUIZZES, type QuizConfig } from './quizzes';
import { questionSchema, type Question } from './types';

/** A quiz ready to deliver: its settings, its validated questions and a hash of both. */
export interface Quiz {
  config: QuizConfig;
  questions: Map<string, Question>;
  list: Question[];
  contentHash: string;
}

let cache: Map<string, Quiz> | undefined;

/**
 * Parses every bank once (a bank that fails its schema throws: the tests and `content:check`
 * catch that before it ships), gives every option, item and reply an opaque id (`opaque-ids.ts`:
 * the authors' a/b/c would tell the right answer), and hashes each quiz's content so an attempt
 * records what it was drawn from. Everything that serves, grades, stores or exports answers uses
 * these ids.
 */
export function quizzes(): Map<string, Quiz> {
  if (cache) return cache;
  cache = new Map();
  for (const [id, config] of Object.entries(QUIZZES)) {
    const list = (RAW_BANKS[id] ?? []).map((q) => withOpaqueIds(questionSchema.parse(q)));
    const contentHash = encodeHexLowerCase(sha256(new TextEncoder().encode(JSON.stringify({ config, list }))));
    cache.set(id, { config, list, questions: new Map(list.map((q) => [q.id, q])), contentHash });
  }
  return cache;
}

/** One quiz by id, or undefined. */
export function getQuiz(id: string): Quiz | undefined {
  return quizzes().get(id);
}
