/**
 * Pure helpers for the quiz player island. Nothing here touches the DOM, the network or the
 * server code (types only), so the unit tests exercise them directly.
 */
import type { PublicQuestion, PublicStep, PublicTalk } from '../../quizzes/delivery';
import type { Answer } from '../../quizzes/types';

export type ScenarioQuestion = Extract<PublicQuestion, { type: 'scenario' }>;

/** One step of a conversation already played: the customer's line and the reply given to it. */
export interface ScenarioTurn {
  customer: string;
  reply: string;
}

/** Where a conversation stands on the learner's screen. */
export interface ScenarioState {
  /** The turns played, in order. */
  turns: ScenarioTurn[];
  /** The line waiting for a reply, or null (ended, or waiting for the server's next line). */
  current: PublicStep | null;
  /** The server said the talk ended. */
  ended: boolean;
  /** A reply was sent and the customer's next line has not come back yet. */
  waiting: boolean;
}

/**
 * Lays the learner's path over the steps the server sent (the reached lines only): each reply given
 * is paired with the line it answered; the next line shows once the server has sent it. Ids that do
 * not fit (a refused reply) are dropped and the line they were meant for is offered again, so the
 * player never gets stuck.
 */
export function scenarioState(talk: PublicTalk, path: readonly string[]): ScenarioState {
  const turns: ScenarioTurn[] = [];
  for (const [i, id] of path.entries()) {
    const step = talk.steps[i];
    const choice = step?.choices.find((c) => c.id === id);
    if (!step || !choice) break;
    turns.push({ customer: step.customer, reply: choice.text });
  }
  const next = talk.steps[turns.length];
  const ended = talk.ended && turns.length >= talk.steps.length;
  const waiting = !ended && !next;
  return { turns, current: !ended && next ? next : null, ended, waiting };
}

/** How far a question has been answered: nothing yet, begun but not complete, or complete. */
export type Completion = 'unanswered' | 'partial' | 'answered';

/**
 * Whether an answer completes its question. single: an option picked; multiple: at least one box
 * ticked; ordering: an order saved; matching: every left item paired (some = partial); scenario:
 * the server says the conversation ended (begun = partial). `talk` is the latest the server sent.
 */
export function completion(q: PublicQuestion, answer: Answer | undefined | null, talk?: PublicTalk): Completion {
  if (answer === undefined || answer === null) return 'unanswered';
  switch (q.type) {
    case 'single':
      return typeof answer === 'string' && answer !== '' ? 'answered' : 'unanswered';
    case 'multiple':
      return Array.isArray(answer) && answer.length > 0 ? 'answered' : 'unanswered';
    case 'ordering':
      return Array.isArray(answer) && answer.length > 0 ? 'answered' : 'unanswered';
    case 'matching': {
      if (typeof answer !== 'object' || Array.isArray(answer)) return 'unanswered';
      const made = q.left.filter((l) => typeof answer[l.id] === 'string' && answer[l.id] !== '').length;
      return made === 0 ? 'unanswered' : made === q.left.length ? 'answered' : 'partial';
    }
    case 'scenario': {
      if (!Array.isArray(answer) || answer.length === 0) return 'unanswered';
      return scenarioState(talk ?? q, answer).ended ? 'answered' : 'partial';
    }
  }
}

/** How many questions are completely answered (partial answers do not count). */
export function countAnswered(
  questions: readonly PublicQuestion[],
  answers: Readonly<Record<string, Answer | undefined>>,
  talks: Readonly<Record<string, PublicTalk | undefined>> = {},
): number {
  return questions.filter((q) => completion(q, answers[q.id], talks[q.id]) === 'answered').length;
}

/** What a credit between 0 and 1 means to the learner. */
export type Verdict = 'correct' | 'partial' | 'wrong';

/** Full credit is correct, some credit partly correct, none wrong. */
export function verdict(credit: number): Verdict {
  if (credit >= 1) return 'correct';
  return credit > 0 ? 'partial' : 'wrong';
}

/** Automatic save tries (the first one included) before the player stops and waits for 重试. */
export const MAX_SAVE_TRIES = 5;

/**
 * Milliseconds to wait before the next automatic try after `failures` failed ones:
 * 1 s, 2 s, 4 s, 8 s, … capped at `cap`.
 */
export function backoffDelay(failures: number, base = 1000, cap = 15_000): number {
  const n = Math.max(1, Math.floor(failures));
  return Math.min(cap, base * 2 ** (n - 1));
}

/**
 * Whether a failed save is worth trying again by itself: network failures, timeouts (status 0),
 * 408, 429 and server errors are; refusals (400, 401, 403, 404, 409, …) are not.
 */
export function isRetryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/**
 * A copy of `list` with the element at `index` moved by `delta` places (−1 = up, +1 = down).
 * Returns an unchanged copy when the move would leave the list.
 */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const out = [...list];
  const to = index + delta;
  if (index < 0 || index >= out.length || to < 0 || to >= out.length) return out;
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item);
  return out;
}

/**
 * The order to show an ordering question in: the saved order when it lists exactly the question's
 * items, otherwise the order the items were delivered in.
 */
export function initialOrder(items: readonly { id: string }[], saved: Answer | undefined): string[] {
  const ids = items.map((i) => i.id);
  if (Array.isArray(saved) && saved.length === ids.length && new Set(saved).size === ids.length && saved.every((id) => ids.includes(id))) {
    return [...saved];
  }
  return ids;
}

/**
 * A matching answer with only the pairs made: keys that are left ids, values that are right ids,
 * empty selections dropped.
 */
export function matchingPairs(
  q: Pick<Extract<PublicQuestion, { type: 'matching' }>, 'left' | 'right'>,
  selected: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const right = new Set(q.right.map((r) => r.id));
  const out: Record<string, string> = {};
  for (const l of q.left) {
    const r = selected[l.id];
    if (r && right.has(r)) out[l.id] = r;
  }
  return out;
}

/** The picked option ids in the order the options are shown, so the same picks always save alike. */
export function toggleOption(optionIds: readonly string[], picked: readonly string[], id: string, on: boolean): string[] {
  const set = new Set(picked);
  if (on) set.add(id);
  else set.delete(id);
  return optionIds.filter((o) => set.has(o));
}

/** Milliseconds as a countdown "mm:ss" (minutes may exceed 59; negative shows 00:00). */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/**
 * The message of an API error body `{ error: { code, message } }`, or `fallback` when the body
 * has another shape.
 */
export function apiErrorMessage(body: unknown, fallback: string): string {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string' && error.message) {
      return error.message;
    }
  }
  return fallback;
}
