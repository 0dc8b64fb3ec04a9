import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { PASSWORD } from '../lib/server/auth/config';
import { createTeam, createUser, resetPassword, setTeamSupervisor, setUserActive } from '../lib/server/users';
import { moveUsers, renameTeam, setTeamArchived, updateUser } from '../lib/server/org-admin';
import { unlockAccount } from '../lib/server/account-security';
import { ROLES } from '../../db/schema';
import { isCalendarDay, orgToday } from '../lib/time-zone';
import { actingUser, actionError, refuse } from './errors';

/**
 * Admin form actions (users and teams) for /admin/users and /admin/teams. An action is a public
 * endpoint any signed-in user could post to: the middleware refuses it by the access table
 * (src/lib/server/access.ts `ACTIONS`), and each handler asks the table again through `actingUser`.
 * Every validation message is a catalogue key.
 */

/** What an account may be called: lower-case so sign-in is case-insensitive, and safe in URLs and logs. */
const username = z
  .string({ error: 'admin.users.badUsername' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, 'admin.users.badUsername');
const password = z.string({ error: 'admin.users.passwordLength' }).min(PASSWORD.min, 'admin.users.passwordLength').max(PASSWORD.max, 'admin.users.passwordLength');
const id = (message: string) => z.number({ error: message }).int(message).positive(message);

export const admin = {
  /** Creates an account with an initial password the new user must replace at first sign-in. */
  createUser: defineAction({
    accept: 'form',
    input: z.object({
      username,
      name: z.string({ error: 'admin.users.badName' }).trim().min(1, 'admin.users.badName').max(64, 'admin.users.badName'),
      employeeNo: z.string({ error: 'admin.users.badEmployeeNo' }).trim().max(32, 'admin.users.badEmployeeNo').optional(),
      role: z.enum(['learner', 'supervisor', 'hr', 'admin'], { error: 'admin.users.badRole' }),
      teamId: id('admin.users.badTeam').optional(),
      /** The first day they work here (default today): monthly reviews count from it. */
      hireDate: z.string({ error: 'admin.users.badHireDate' }).refine((d) => d === '' || isCalendarDay(d), 'admin.users.badHireDate').optional(),
      password,
    }),
    handler: async (input, { locals }) => {
      const actor = actingUser(locals, 'admin.createUser');
      const userId = await createUser(actor.id, { ...input, employeeNo: input.employeeNo || null, hireDate: input.hireDate || orgToday(), mustChangePassword: true }).catch(refuse);
      return { userId, username: input.username };
    },
  }),

  /**
   * Deactivates (ending every session at once) or re-activates an account. Deactivating needs the
   * form's confirmation box ticked: the browser enforces `required`, and this check is the fallback
   * for a browser or a crafted post that does not.
   */
  setActive: defineAction({
    accept: 'form',
    input: z.object({ userId: id('admin.users.notFound'), active: z.boolean(), confirm: z.boolean().optional() }),
    handler: async ({ userId, active, confirm }, { locals }) => {
      const actor = actingUser(locals, 'admin.setActive');
      if (!active && !confirm) throw actionError('admin.users.confirmNeeded', 400);
      const name = await setUserActive(actor.id, userId, active).catch(refuse);
      return { username: name, active };
    },
  }),

  /** Sets a new password for someone who forgot theirs; they are signed out and must change it. */
  resetPassword: defineAction({
    accept: 'form',
    input: z.object({ userId: id('admin.users.notFound'), password }),
    handler: async ({ userId, password: next }, { locals }) => {
      const actor = actingUser(locals, 'admin.resetPassword');
      const name = await resetPassword(actor.id, userId, next).catch(refuse);
      return { username: name };
    },
  }),

  /** Lifts the sign-in locks others' failures put on an account (the person called the help desk). */
  unlockUser: defineAction({
    accept: 'form',
    input: z.object({ userId: id('admin.users.notFound') }),
    handler: async ({ userId }, { locals }) => {
      const actor = actingUser(locals, 'admin.unlockUser');
      return { username: await unlockAccount(actor.id, userId).catch(refuse) };
    },
  }),

  /** Creates a team, optionally naming its supervisor straight away. */
  createTeam: defineAction({
    accept: 'form',
    input: z.object({
      name: z.string({ error: 'admin.teams.badName' }).trim().min(1, 'admin.teams.badName').max(64, 'admin.teams.badName'),
      supervisorId: id('admin.teams.notSupervisor').optional(),
    }),
    handler: async ({ name, supervisorId }, { locals }) => {
      const actor = actingUser(locals, 'admin.createTeam');
      const teamId = await createTeam(actor.id, name, supervisorId ?? null).catch(refuse);
      return { teamId, name };
    },
  }),

  /** Names a team's supervisor; an empty choice clears it (the team then has no supervisor). */
  setTeamSupervisor: defineAction({
    accept: 'form',
    input: z.object({
      teamId: id('admin.teams.notFound'),
      supervisorId: id('admin.teams.notSupervisor').nullable(),
    }),
    handler: async ({ teamId, supervisorId }, { locals }) => {
      const actor = actingUser(locals, 'admin.setTeamSupervisor');
      const name = await setTeamSupervisor(actor.id, teamId, supervisorId).catch(refuse);
      return { name, supervisorId };
    },
  }),

  /** Changes a user's name, 工号, role and team (/admin/users/<id>); every change is audited. */
  updateUser: defineAction({
    accept: 'form',
    input: z.object({
      userId: id('admin.users.notFound'),
      name: z.string({ error: 'admin.users.badName' }).trim().min(1, 'admin.users.badName').max(64, 'admin.users.badName'),
      employeeNo: z.string({ error: 'admin.users.badEmployeeNo' }).trim().max(32, 'admin.users.badEmployeeNo').regex(/^\S*$/, 'admin.users.badEmployeeNo').optional(),
      role: z.enum(ROLES, { error: 'admin.users.badRole' }),
      teamId: id('admin.users.badTeam').optional(),
    }),
    handler: async ({ userId, teamId, employeeNo, ...rest }, { locals }) => {
      const actor = actingUser(locals, 'admin.updateUser');
      return updateUser(actor.id, userId, { ...rest, employeeNo: employeeNo || null, teamId: teamId ?? null }).catch(refuse);
    },
  }),

  /** Moves one or several people into a team (or out of every team when no team is chosen), all or none. */
  moveUsers: defineAction({
    accept: 'form',
    input: z.object({
      userIds: z.array(id('admin.users.notFound'), { error: 'admin.move.noneChosen' }).min(1, 'admin.move.noneChosen').max(500, 'admin.move.tooMany'),
      teamId: id('admin.users.badTeam').optional(),
    }),
    handler: async ({ userIds, teamId }, { locals }) => {
      const actor = actingUser(locals, 'admin.moveUsers');
      return moveUsers(actor.id, userIds, teamId ?? null).catch(refuse);
    },
  }),

  /** Renames a team; members and history stay. */
  renameTeam: defineAction({
    accept: 'form',
    input: z.object({
      teamId: id('admin.teams.notFound'),
      name: z.string({ error: 'admin.teams.badName' }).trim().min(1, 'admin.teams.badName').max(64, 'admin.teams.badName'),
    }),
    handler: async ({ teamId, name }, { locals }) => {
      const actor = actingUser(locals, 'admin.renameTeam');
      return renameTeam(actor.id, teamId, name).catch(refuse);
    },
  }),

  /** Archives a team without active members, or restores an archived one. */
  setTeamArchived: defineAction({
    accept: 'form',
    input: z.object({ teamId: id('admin.teams.notFound'), archived: z.boolean() }),
    handler: async ({ teamId, archived }, { locals }) => {
      const actor = actingUser(locals, 'admin.setTeamArchived');
      const { name } = await setTeamArchived(actor.id, teamId, archived).catch(refuse);
      return { name, archived };
    },
  }),
};
