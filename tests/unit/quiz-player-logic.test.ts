import { describe, it, expect } from 'vitest';
import type { PublicQuestion } from '../../src/quizzes/delivery';
import {
  apiErrorMessage,
  backoffDelay,
  completion,
  countAnswered,
  formatCountdown,
  initialOrder,
  isRetryable,
  matchingPairs,
  moveItem,
  scenarioState,
  toggleOption,
  verdict,
  type ScenarioQuestion,
} from '../../src/components/quiz/logic';
import { lessonHref } from '../../src/quizzes/lesson-link';

/** A conversation as the server serves it after the path ['n1a']: the line answered and the line now waiting. */
const n1 = { customer: '你们的东西有问题！', choices: [{ id: 'n1a', text: '您先别急，请慢慢说。' }, { id: 'n1b', text: '这不归我管。' }] };
const n2 = { customer: '买了三天就坏了。', choices: [{ id: 'n2a', text: '非常抱歉，我马上为您登记处理。' }, { id: 'n2b', text: '您是不是用错了？' }] };
const scenario: ScenarioQuestion = {
  id: 'complaints-101',
  type: 'scenario',
  topic: '投诉',
  prompt: '一位顾客来到服务台投诉。',
  steps: [n1],
  ended: false,
};

const single: PublicQuestion = {
  id: 'language-001',
  type: 'single',
  topic: '忌语',
  prompt: '哪句是忌语？',
  options: [
    { id: 'a', text: 'A' },
    { id: 'b', text: 'B' },
  ],
};
const multiple: PublicQuestion = { ...single, id: 'language-002', type: 'multiple' };
const ordering: PublicQuestion = {
  id: 'complaints-003',
  type: 'ordering',
  topic: '六步骤',
  prompt: '排序',
  items: [
    { id: 'x', text: 'X' },
    { id: 'y', text: 'Y' },
    { id: 'z', text: 'Z' },
  ],
};
const matching: Extract<PublicQuestion, { type: 'matching' }> = {
  id: 'customer-types-004',
  type: 'matching',
  topic: '类型',
  prompt: '配对',
  left: [
    { id: 'l1', text: 'L1' },
    { id: 'l2', text: 'L2' },
  ],
  right: [
    { id: 'r1', text: 'R1' },
    { id: 'r2', text: 'R2' },
    { id: 'r3', text: 'R3' },
  ],
};

describe('scenarioState', () => {
  it('starts at the first line with nothing played', () => {
    const s = scenarioState(scenario, []);
    expect(s.current?.customer).toBe(n1.customer);
    expect(s).toMatchObject({ turns: [], ended: false, waiting: false });
  });

  it('pairs each reply with the line it answered and shows the next line the server sent', () => {
    const s = scenarioState({ steps: [n1, n2], ended: false }, ['n1a']);
    expect(s.turns).toEqual([{ customer: n1.customer, reply: '您先别急，请慢慢说。' }]);
    expect(s.current?.customer).toBe(n2.customer);
  });

  it('waits for the server after a reply is sent', () => {
    expect(scenarioState(scenario, ['n1a'])).toMatchObject({ current: null, ended: false, waiting: true });
  });

  it('ends when the server says the talk ended', () => {
    expect(scenarioState({ steps: [n1], ended: true }, ['n1b'])).toMatchObject({ current: null, ended: true, waiting: false });
  });

  it('drops what does not belong (a reply not offered at that line) and offers that line again', () => {
    const s = scenarioState({ steps: [n1, n2], ended: false }, ['n1a', 'n1b']);
    expect(s.turns).toHaveLength(1);
    expect(s.current?.customer).toBe(n2.customer);
    expect(scenarioState(scenario, ['zzz']).turns).toEqual([]);
  });
});

describe('completion and countAnswered', () => {
  it('treats a missing answer as unanswered for every type', () => {
    for (const q of [single, multiple, ordering, matching, scenario]) expect(completion(q, undefined)).toBe('unanswered');
  });

  it('single needs an option; multiple at least one box', () => {
    expect(completion(single, 'a')).toBe('answered');
    expect(completion(single, '')).toBe('unanswered');
    expect(completion(multiple, ['a'])).toBe('answered');
    expect(completion(multiple, [])).toBe('unanswered');
  });

  it('ordering counts once an order is saved', () => {
    expect(completion(ordering, ['z', 'y', 'x'])).toBe('answered');
  });

  it('matching is partial until every left item is paired', () => {
    expect(completion(matching, {})).toBe('unanswered');
    expect(completion(matching, { l1: 'r2' })).toBe('partial');
    expect(completion(matching, { l1: 'r2', l2: 'r1' })).toBe('answered');
  });

  it('a scenario is partial until the server says the conversation ended', () => {
    expect(completion(scenario, [])).toBe('unanswered');
    expect(completion(scenario, ['n1a'])).toBe('partial');
    expect(completion(scenario, ['n1a', 'n2a'], { steps: [n1, n2], ended: true })).toBe('answered');
  });

  it('counts only complete answers', () => {
    const answers = { [single.id]: 'a', [matching.id]: { l1: 'r1' }, [scenario.id]: ['n1b'], [multiple.id]: [] };
    expect(countAnswered([single, multiple, ordering, matching, scenario], answers)).toBe(1);
    expect(countAnswered([single, multiple, ordering, matching, scenario], answers, { [scenario.id]: { steps: [n1], ended: true } })).toBe(2);
  });
});

describe('lessonHref', () => {
  it('builds /learn/module/lesson#anchor', () => {
    expect(lessonHref('language/02-taboo-phrases#五个不说')).toBe('/learn/language/02-taboo-phrases#五个不说');
    expect(lessonHref('complaints/01-six-steps#第一步-倾听')).toBe('/learn/complaints/01-six-steps#第一步-倾听');
  });

  it('refuses references of another shape', () => {
    expect(lessonHref('language#x')).toBeNull();
    expect(lessonHref('language/02-taboo')).toBeNull();
    expect(lessonHref('')).toBeNull();
  });
});

describe('verdict', () => {
  it('maps credit to correct / partial / wrong', () => {
    expect(verdict(1)).toBe('correct');
    expect(verdict(0.5)).toBe('partial');
    expect(verdict(0.0001)).toBe('partial');
    expect(verdict(0)).toBe('wrong');
  });
});

describe('retries', () => {
  it('backs off 1 s, 2 s, 4 s, 8 s and caps the wait', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(10)).toBe(15_000);
    expect(backoffDelay(0)).toBe(1000);
    expect(backoffDelay(3, 500, 1500)).toBe(1500);
  });

  it('retries network and server failures only', () => {
    for (const s of [0, 408, 429, 500, 502, 503]) expect(isRetryable(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 409, 413, 415]) expect(isRetryable(s)).toBe(false);
  });
});

describe('moveItem', () => {
  it('moves up and down', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
  });

  it('leaves the list alone past either end, and never mutates its input', () => {
    const list = ['a', 'b', 'c'];
    expect(moveItem(list, 0, -1)).toEqual(list);
    expect(moveItem(list, 2, 1)).toEqual(list);
    expect(moveItem(list, 5, -1)).toEqual(list);
    expect(list).toEqual(['a', 'b', 'c']);
  });
});

describe('initialOrder', () => {
  const items = [{ id: 'x' }, { id: 'y' }, { id: 'z' }];
  it('uses a saved order that lists every item once', () => {
    expect(initialOrder(items, ['z', 'x', 'y'])).toEqual(['z', 'x', 'y']);
  });
  it('falls back to the delivered order otherwise', () => {
    expect(initialOrder(items, undefined)).toEqual(['x', 'y', 'z']);
    expect(initialOrder(items, ['z', 'x'])).toEqual(['x', 'y', 'z']);
    expect(initialOrder(items, ['z', 'z', 'x'])).toEqual(['x', 'y', 'z']);
    expect(initialOrder(items, ['z', 'x', 'q'])).toEqual(['x', 'y', 'z']);
    expect(initialOrder(items, 'x')).toEqual(['x', 'y', 'z']);
  });
});

describe('matchingPairs', () => {
  it('keeps only the pairs made with known ids, in left order', () => {
    expect(matchingPairs(matching, { l2: 'r3', l1: '' })).toEqual({ l2: 'r3' });
    expect(matchingPairs(matching, { l1: 'r1', l2: 'nope', extra: 'r2' })).toEqual({ l1: 'r1' });
    expect(Object.keys(matchingPairs(matching, { l2: 'r1', l1: 'r2' }))).toEqual(['l1', 'l2']);
  });
});

describe('toggleOption', () => {
  it('adds and removes picks and keeps the shown order', () => {
    expect(toggleOption(['a', 'b', 'c'], ['c'], 'a', true)).toEqual(['a', 'c']);
    expect(toggleOption(['a', 'b', 'c'], ['a', 'c'], 'a', false)).toEqual(['c']);
    expect(toggleOption(['a', 'b', 'c'], ['a'], 'a', true)).toEqual(['a']);
  });
});

describe('formatCountdown', () => {
  it('shows mm:ss, rounding up to the whole second', () => {
    expect(formatCountdown(25 * 60_000)).toBe('25:00');
    expect(formatCountdown(61_000)).toBe('01:01');
    expect(formatCountdown(59_001)).toBe('01:00');
    expect(formatCountdown(999)).toBe('00:01');
    expect(formatCountdown(0)).toBe('00:00');
    expect(formatCountdown(-5000)).toBe('00:00');
    expect(formatCountdown(125 * 60_000)).toBe('125:00');
  });
});

describe('apiErrorMessage', () => {
  it('reads { error: { message } } and falls back otherwise', () => {
    expect(apiErrorMessage({ error: { code: 'invalid_answer', message: '同一选项不能重复出现。' } }, 'x')).toBe('同一选项不能重复出现。');
    expect(apiErrorMessage(null, '网络连接出现问题。')).toBe('网络连接出现问题。');
    expect(apiErrorMessage({ error: 'boom' }, 'fallback')).toBe('fallback');
    expect(apiErrorMessage({ error: { message: '' } }, 'fallback')).toBe('fallback');
  });
});
