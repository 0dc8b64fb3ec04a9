import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { COMPLAINT_CHANNELS, INSPECTION_OUTCOMES } from '../../db/schema';
import { judgeComplaint, logComplaint } from '../lib/server/complaints';
import { formIssues, saveInspectionDay } from '../lib/server/inspections';
import { approveReviews, reopenReview } from '../lib/server/reviews';
import { actingUser, refuse } from './errors';

/**
 * Monthly-review forms: a team's day of inspections, complaints, approving and reopening reviews.
 * Plain forms (they work without JavaScript); the services decide who may act on whom (access.ts)
 * and refuse a whole request that is wrong, foreign, late or repeated. Messages are catalogue keys.
 */

const id = (message = 'common.badInput') => z.number({ error: message }).int(message).positive(message);
const ids = z.array(id()).max(1000);
const day = z.string({ error: 'review.inspect.badDate' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'review.inspect.badDate');
const month = z.string({ error: 'hr.badMonth' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'hr.badMonth');
const comment = z.string().trim().max(500, 'review.commentTooLong').optional();

export const review = {
  /**
   * Saves the whole checklist of one day: everyone on it (`employeeIds`), who was inspected with
   * nothing else to note (`inspected`), and the rule entries as parallel lists (a row whose item is
   * left empty is an unused blank row).
   */
  saveInspections: defineAction({
    accept: 'form',
    input: z
      .object({
        date: day,
        teamId: id().optional(),
        employeeIds: ids.min(1, 'review.inspect.nobody'),
        inspected: ids.default([]),
        issueEmployee: ids.default([]),
        issueItem: z.array(z.string().max(16)).max(1000).default([]),
        issueOutcome: z.array(z.enum(INSPECTION_OUTCOMES, { error: 'review.inspect.badItem' })).max(1000).default([]),
        issueNote: z.array(z.string().trim().max(200, 'review.inspect.noteTooLong')).max(1000).default([]),
        version: z.string({ error: 'review.inspect.changed' }).regex(/^[0-9a-f]{16}$/, 'common.badInput'),
      })
      .refine((v) => [v.issueItem.length, v.issueOutcome.length, v.issueNote.length].every((n) => n === v.issueEmployee.length), { message: 'common.badInput' }),
    handler: async (input, { locals }) => {
      const actor = actingUser(locals, 'review.saveInspections');
      const issues = formIssues(input).map((issue) => ({ ...issue, note: issue.note || null }));
      const saved = await saveInspectionDay(actor, { date: input.date, teamId: input.teamId ?? null, employeeIds: input.employeeIds, inspected: input.inspected, issues, version: input.version }).catch(refuse);
      return { ...saved, date: input.date };
    },
  }),

  /** Logs a complaint against an employee as pending. */
  logComplaint: defineAction({
    accept: 'form',
    input: z.object({
      employeeNo: z.string({ error: 'review.noEmployee' }).trim().min(1, 'review.noEmployee').max(32, 'review.noEmployee'),
      date: day,
      channel: z.enum(COMPLAINT_CHANNELS, { error: 'review.complaint.badChannel' }),
      summary: z.string({ error: 'review.complaint.badSummary' }).trim().min(1, 'review.complaint.badSummary').max(500, 'review.complaint.badSummary'),
    }),
    handler: async (input, { locals }) => {
      const actor = actingUser(locals, 'review.logComplaint');
      const complaintId = await logComplaint(actor, input).catch(refuse);
      return { complaintId, employeeNo: input.employeeNo };
    },
  }),

  /** Judges a complaint justified or unjustified. */
  judgeComplaint: defineAction({
    accept: 'form',
    input: z.object({ complaintId: id('review.complaint.notFound'), status: z.enum(['justified', 'unjustified'], { error: 'common.badInput' }) }),
    handler: async ({ complaintId, status }, { locals }) => {
      const actor = actingUser(locals, 'review.judgeComplaint');
      await judgeComplaint(actor, complaintId, status).catch(refuse);
      return { complaintId, status };
    },
  }),

  /**
   * Approves one review (with a comment) or every review on the list the approver viewed: each with
   * the fingerprint of what was shown, so a review that changed meanwhile is refused, not frozen unseen.
   */
  approve: defineAction({
    accept: 'form',
    input: z
      .object({ month, employeeIds: ids.min(1, 'review.noneChosen'), fingerprints: z.array(z.string().regex(/^[0-9a-f]{16}$/, 'common.badInput')).max(1000), comment })
      .refine((v) => v.fingerprints.length === v.employeeIds.length, { message: 'common.badInput' }),
    handler: async (input, { locals }) => {
      const actor = actingUser(locals, 'review.approve');
      const items = input.employeeIds.map((employeeId, i) => ({ employeeId, fingerprint: input.fingerprints[i] }));
      const approved = await approveReviews(actor, input.month, items, input.comment || null).catch(refuse);
      return { approved, month: input.month };
    },
  }),

  /** HR reopens an approved review with a reason. */
  reopen: defineAction({
    accept: 'form',
    input: z.object({
      month,
      employeeId: id('review.noEmployee'),
      reason: z.string({ error: 'review.reasonRequired' }).trim().min(1, 'review.reasonRequired').max(500, 'review.reasonRequired'),
    }),
    handler: async ({ month: m, employeeId, reason }, { locals }) => {
      const actor = actingUser(locals, 'review.reopen');
      await reopenReview(actor, employeeId, m, reason).catch(refuse);
      return { month: m, employeeId };
    },
  }),
};
