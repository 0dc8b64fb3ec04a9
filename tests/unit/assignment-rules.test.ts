import { describe, expect, it } from 'vitest';
import { addDays, assignmentOrder, assignmentReminder, assignmentStatus, daysBetween, type AssignmentStatus } from '../../src/scoring/assignment-status';
import { topicMastery, weakTopics } from '../../src/scoring/topic-mastery';

describe('assignment status', () => {
  it.each([
    { case: 'open before the due day', due: '2026-03-10', done: null, withdrawn: false, today: '2026-03-09', want: 'open' },
    { case: 'open on the due day itself', due: '2026-03-10', done: null, withdrawn: false, today: '2026-03-10', want: 'open' },
    { case: 'overdue the day after', due: '2026-03-10', done: null, withdrawn: false, today: '2026-03-11', want: 'overdue' },
    { case: 'completed on the due day is on time', due: '2026-03-10', done: '2026-03-10', withdrawn: false, today: '2026-03-20', want: 'completed' },
    { case: 'completed early is on time', due: '2026-03-10', done: '2026-03-01', withdrawn: false, today: '2026-03-02', want: 'completed' },
    { case: 'completed after the due day is late', due: '2026-03-10', done: '2026-03-11', withdrawn: false, today: '2026-03-11', want: 'completed_late' },
    { case: 'withdrawn wins over overdue', due: '2026-03-10', done: null, withdrawn: true, today: '2026-04-01', want: 'withdrawn' },
    { case: 'withdrawn wins over completed', due: '2026-03-10', done: '2026-03-05', withdrawn: true, today: '2026-03-06', want: 'withdrawn' },
  ])('$case', ({ due, done, withdrawn, today, want }) => {
    expect(assignmentStatus({ dueDate: due, completedDay: done, withdrawn }, today)).toBe(want);
  });
});

describe('reminders', () => {
  it.each([
    { status: 'open', due: '2026-03-10', today: '2026-03-06', want: null },
    { status: 'open', due: '2026-03-10', today: '2026-03-07', want: 'due_soon' },
    { status: 'open', due: '2026-03-10', today: '2026-03-10', want: 'due_soon' },
    { status: 'overdue', due: '2026-03-10', today: '2026-03-11', want: 'overdue' },
    { status: 'completed', due: '2026-03-10', today: '2026-03-09', want: null },
    { status: 'withdrawn', due: '2026-03-10', today: '2026-03-09', want: null },
  ] as { status: AssignmentStatus; due: string; today: string; want: string | null }[])('$status due $due on $today → $want', ({ status, due, today, want }) => {
    expect(assignmentReminder(status, due, today, 3)).toBe(want);
  });
});

describe('day arithmetic', () => {
  it('counts days across a month end and a leap day', () => {
    expect(daysBetween('2028-02-27', '2028-03-01')).toBe(3);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(daysBetween('2026-03-10', '2026-03-09')).toBe(-1);
  });
});

describe('assignment order', () => {
  it('puts overdue first, then open by due date, then finished work newest first', () => {
    const list = [
      { status: 'completed' as const, dueDate: '2026-01-01' },
      { status: 'open' as const, dueDate: '2026-03-20' },
      { status: 'withdrawn' as const, dueDate: '2026-02-01' },
      { status: 'overdue' as const, dueDate: '2026-03-01' },
      { status: 'open' as const, dueDate: '2026-03-12' },
    ];
    expect([...list].sort(assignmentOrder).map((a) => `${a.status} ${a.dueDate}`)).toEqual([
      'overdue 2026-03-01',
      'open 2026-03-12',
      'open 2026-03-20',
      'withdrawn 2026-02-01',
      'completed 2026-01-01',
    ]);
  });
});

describe('topic mastery and weak topics', () => {
  const day = 86_400_000;
  const now = 100 * day;
  const rule = { threshold: 0.7, windowDays: 30, minQuestions: 2 };
  const item = (topic: string, credit: number, daysAgo = 1, module = 'complaints') => ({ module, topic, credit, at: now - daysAgo * day });

  it('averages credit per module and topic', () => {
    expect(topicMastery([item('a', 1), item('a', 0), item('b', 0.25)])).toEqual([
      { module: 'complaints', topic: 'b', mean: 0.25, count: 1 },
      { module: 'complaints', topic: 'a', mean: 0.5, count: 2 },
    ]);
  });
  it.each([
    { case: 'below the threshold with enough questions is weak', items: [item('a', 0.5), item('a', 0.6)], want: ['a'] },
    { case: 'exactly at the threshold is not weak', items: [item('a', 0.7), item('a', 0.7)], want: [] },
    { case: 'one missed question is not a pattern', items: [item('a', 0)], want: [] },
    { case: 'answers older than the window do not count', items: [item('a', 0, 31), item('a', 0, 40), item('a', 1)], want: [] },
    { case: 'weakest topic first', items: [item('a', 0.5), item('a', 0.5), item('b', 0), item('b', 0.2)], want: ['b', 'a'] },
    { case: 'the same topic name in two modules stays apart', items: [item('a', 0, 1, 'm1'), item('a', 1, 1, 'm2'), item('a', 0, 1, 'm1')], want: ['a'] },
  ])('$case', ({ items, want }) => {
    expect(weakTopics(items, now, rule).map((w) => w.topic)).toEqual(want);
  });
});
