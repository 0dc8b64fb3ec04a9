import { defineAction } from 'astro:actions';
import type { MessageKey } from '../i18n';
import { z } from 'astro/zod';
import { ServiceError } from '../lib/server/errors';
import { startRefresher, startReview } from '../lib/server/refreshers';
import { actingUser, actionError, refuse } from './errors';

/**
 * The learner's own forms on /learn: start an assigned refresher, start today's review. Each returns
 * the attempt to open; a refusal carries a catalogue key.
 */

/** The quiz engine's refusals a learner can meet here, as our catalogue keys. */
const ENGINE_KEYS: Record<string, MessageKey> = {
  nothing_to_draw: 'refresher.noItems',
  not_in_pool: 'refresher.noItems',
  withdrawn: 'refresher.notOpen',
  unknown_assignment: 'assign.notFound',
  not_yours: 'assign.notFound',
};

/** The engine's refusals with this page's wording; every other refusal through the shared `refuse`. */
function refused(error: unknown): never {
  if (error instanceof ServiceError && Object.hasOwn(ENGINE_KEYS, error.code)) throw actionError(ENGINE_KEYS[error.code], error.status);
  return refuse(error);
}

export const assigned = {
  /** Starts or resumes the refresher of one of the learner's own refresher assignments. */
  startRefresher: defineAction({
    accept: 'form',
    input: z.object({ assignmentId: z.number({ error: 'assign.notFound' }).int('assign.notFound').positive('assign.notFound') }),
    handler: async ({ assignmentId }, { locals }) => ({ attemptId: await startRefresher(actingUser(locals, 'assigned.startRefresher'), assignmentId).catch(refused) }),
  }),
  /** Starts or resumes today's review of one module's due items. */
  startReview: defineAction({
    accept: 'form',
    input: z.object({ module: z.string({ error: 'spaced.nothingDue' }).trim().min(1, 'spaced.nothingDue').max(64, 'spaced.nothingDue') }),
    handler: async ({ module }, { locals }) => ({ attemptId: await startReview(actingUser(locals, 'assigned.startReview'), module).catch(refused) }),
  }),
};
