import { describe, it, expect } from 'vitest';
import type { PublicQuestion } from '../../src/quizzes/delivery';
import {
  apiErrorMessage,
  backoffDelay,
  choiceFeedback,
  completion,
  countAnswered,
  formatCountdown,
  initialOrder,
  isRetryable,
  matchingPairs,
  MAX_SAVE_TRIES,
  moveItem,
  scenarioState,
  toggleOption,
  verdict,
  type ScenarioQuestion,
} from '../../src/components/quiz/logic';
import { lessonHref } from '../../src/quizzes/lesson-link';

const scenario: ScenarioQuestion = {
  id: 'complaints-101',
  type: 'scenario',
  topic: '投诉',
  prompt: '一位顾客来到服务台投诉。',
  start: 'n1',
  nodes: [
    {
      id: 'n1',
      customer: '你们的东西有问题！',
      choices: [
        { id: 'n1a', text: '您先别急，请慢慢说。', next: 'n2' },
        { id: 'n1b', text: '这不归我管。' },
      ],
    },
    {
      id: 'n2',
      customer: '买了三天就坏了。',
      choices: [
        { id: 'n2a', text: '非常抱歉，我马上为您登记处理。' },
        { id: 'n2b', text: '您是不是用错了？', next: 'n3' },
      ],
    },
    { id: 'n3', customer: '你这是什么态度？', choices: [{ id: 'n3a', text: '对不起，我来帮您处理。' }, { id: 'n3b', text: '我只是问问。' }] },
  ],
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
  it('starts at the start node with nothing played', () => {
    const s = scenarioState(scenario, []);
    expect(s.current?.id).toBe('n1');
    expect(s.turns).toEqual([]);
    expect(s.ended).toBe(false);
    expect(s.path).toEqual([]);
  });

  it('follows `next` to the node waiting for a reply', () => {
    const s = scenarioState(scenario, ['n1a', 'n2b']);
    expect(s.current?.id).toBe('n3');
    expect(s.turns.map((t) => [t.node.id, t.choice.id])).toEqual([
      ['n1', 'n1a'],
      ['n2', 'n2b'],
    ]);
    expect(s.ended).toBe(false);
  });

  it('ends the conversation at a choice without `next`', () => {
    expect(scenarioState(scenario, ['n1b'])).toMatchObject({ current: null, ended: true, path: ['n1b'] });
    expect(scenarioState(scenario, ['n1a', 'n2a']).ended).toBe(true);
  });

  it('drops what does not belong: a choice of another node, or anything after the end', () => {
    expect(scenarioState(scenario, ['n1a', 'n1b']).path).toEqual(['n1a']);
    expect(scenarioState(scenario, ['n1a', 'n1b']).current?.id).toBe('n2');
    expect(scenarioState(scenario, ['n1b', 'n2a']).path).toEqual(['n1b']);
    expect(scenarioState(scenario, ['zzz']).current?.id).toBe('n1');
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

  it('a scenario is partial until the conversation ends', () => {
    expect(completion(scenario, [])).toBe('unanswered');
    expect(completion(scenario, ['n1a'])).toBe('partial');
    expect(completion(scenario, ['n1a', 'n2a'])).toBe('answered');
  });

  it('counts only complete answers', () => {
    const answers = { [single.id]: 'a', [matching.id]: { l1: 'r1' }, [scenario.id]: ['n1b'], [multiple.id]: [] };
    expect(countAnswered([single, multiple, ordering, matching, scenario], answers)).toBe(2);
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

  it('tries about five times', () => {
    expect(MAX_SAVE_TRIES).toBe(5);
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

describe('scenario feedback', () => {
  const lines = ['好：先安抚。', '不好：推责任。', '本次对话得 2 分，最佳应对可得 4 分。'];
  it('gives the sentence for the choice at a path position', () => {
    expect(choiceFeedback(lines, 0)).toBe('好：先安抚。');
    expect(choiceFeedback(lines, 1)).toBe('不好：推责任。');
    expect(choiceFeedback(lines, 5)).toBeNull();
    expect(choiceFeedback(undefined, 0)).toBeNull();
    expect(choiceFeedback(lines, -1)).toBeNull();
  });
});
