/**
 * Assignment status rules, decided once for the learner's home, the team page, the API and the monthly
 * review. Pure: days are `YYYY-MM-DD` strings already taken in the organisation's time zone.
 */

import { POLICY } from './policy';

/** What the API and pages call an assignment's state. */
export const ASSIGNMENT_STATUSES = ['open', 'overdue', 'completed', 'completed_late', 'withdrawn'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export interface AssignmentDays {
  /** The last day it may be completed on time (org time zone). */
  dueDate: string;
  /** The org-time-zone day it was completed, or null. */
  completedDay: string | null;
  withdrawn: boolean;
}

/**
 * Withdrawn wins (the record stays but nothing is expected any more); a completed assignment is on time
 * when completed on or before its due day; otherwise it is overdue once the due day has ended.
 */
export function assignmentStatus(a: AssignmentDays, today: string): AssignmentStatus {
  if (a.withdrawn) return 'withdrawn';
  if (a.completedDay !== null) return a.completedDay <= a.dueDate ? 'completed' : 'completed_late';
  return today > a.dueDate ? 'overdue' : 'open';
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The day `n` days after `day` (both `YYYY-MM-DD`), calendar arithmetic without time zones. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The latest due date an assignment made today may have (the policy's `assignmentMaxDaysAhead`). */
export function latestDueDate(today: string): string {
  return addDays(today, POLICY.assignmentMaxDaysAhead);
}

/** A reminder the learner's home shows: due within the policy's warning window, or overdue. */
export type AssignmentReminder = 'due_soon' | 'overdue' | null;

/**
 * `due_soon` from `warnDays` days before the due date through the due day itself, `overdue` once it has
 * passed; nothing for finished or withdrawn work.
 */
export function assignmentReminder(status: AssignmentStatus, dueDate: string, today: string, warnDays: number): AssignmentReminder {
  if (status === 'overdue') return 'overdue';
  if (status !== 'open') return null;
  return daysBetween(today, dueDate) <= warnDays ? 'due_soon' : null;
}

/** Open work sorts first: overdue, then by due date, then finished and withdrawn work, newest due first. */
export function assignmentOrder(a: { status: AssignmentStatus; dueDate: string }, b: { status: AssignmentStatus; dueDate: string }): number {
  const rank = (s: AssignmentStatus) => (s === 'overdue' ? 0 : s === 'open' ? 1 : 2);
  const byRank = rank(a.status) - rank(b.status);
  if (byRank !== 0) return byRank;
  return rank(a.status) < 2 ? a.dueDate.localeCompare(b.dueDate) : b.dueDate.localeCompare(a.dueDate);
}
