import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { ASSIGNMENT_KINDS } from '../../db/schema';
import { createAssignments, withdrawAssignment } from '../lib/server/assignments';
import { grantAttempt, GRANT_REASON } from '../lib/server/grants';
import { OVERRIDE_REASON, signOffGoLive } from '../lib/server/go-live';
import { actingUser, refuse } from './errors';

/**
 * Supervisor form actions for /team and /team/<employeeNo>: plain forms, so they work without
 * JavaScript. The access table lets supervisors and admins run them; the services check who may act
 * on whom (access.ts); every message is a catalogue key, refusals go through `refuse`.
 */

const id = (message: string) => z.number({ error: message }).int(message).positive(message);

export const supervisor = {
  /** Assigns one module to the employees ticked on the team page and/or a whole team, all or nothing. */
  assign: defineAction({
    accept: 'form',
    input: z.object({
      employeeNos: z.array(z.string().trim().min(1).max(32)).max(500).default([]),
      teamId: id('assign.unknownTeam').optional(),
      module: z.string({ error: 'assign.unknownModule' }).trim().min(1, 'assign.unknownModule').max(64),
      kind: z.enum(ASSIGNMENT_KINDS, { error: 'assign.badKind' }),
      dueDate: z.string({ error: 'assign.badDate' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'assign.badDate'),
      topics: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
    }),
    handler: async (input, { locals }) => {
      const actor = actingUser(locals, 'supervisor.assign');
      const { created, skipped } = await createAssignments(actor, input).catch(refuse);
      return { created: created.length, ids: created.map((m) => m.id), skipped };
    },
  }),

  /** Withdraws one assignment; its record stays. */
  withdraw: defineAction({
    accept: 'form',
    input: z.object({ assignmentId: id('assign.notFound') }),
    handler: async ({ assignmentId }, { locals }) => {
      const actor = actingUser(locals, 'supervisor.withdraw');
      await withdrawAssignment(actor, assignmentId).catch(refuse);
      return { withdrawn: assignmentId };
    },
  }),

  /** Grants an employee of one's team one more assessment attempt at a module, with a reason. */
  grant: defineAction({
    accept: 'form',
    input: z.object({
      employeeNo: z.string({ error: 'employee.notFound' }).trim().min(1, 'employee.notFound').max(32, 'employee.notFound'),
      quizId: z.string({ error: 'assign.unknownModule' }).trim().min(1, 'assign.unknownModule').max(64, 'assign.unknownModule'),
      reason: z.string({ error: 'grant.badReason' }).trim().min(GRANT_REASON.min, 'grant.badReason').max(GRANT_REASON.max, 'grant.badReason'),
    }),
    handler: async ({ employeeNo, quizId, reason }, { locals }) => {
      const actor = actingUser(locals, 'supervisor.grant');
      const granted = await grantAttempt(actor, employeeNo, quizId, reason).catch(refuse);
      return { name: granted.employee, quizId };
    },
  }),

  /** Signs a new hire off as live: when ready, or with a written reason as an override. */
  signOff: defineAction({
    accept: 'form',
    input: z.object({
      employeeNo: z.string({ error: 'employee.notFound' }).trim().min(1, 'employee.notFound').max(32, 'employee.notFound'),
      reason: z.string().trim().max(OVERRIDE_REASON.max, 'golive.reasonRequired').optional(),
    }),
    handler: async ({ employeeNo, reason }, { locals }) => {
      const actor = actingUser(locals, 'supervisor.signOff');
      return signOffGoLive(actor, employeeNo, reason).catch(refuse);
    },
  }),
};
