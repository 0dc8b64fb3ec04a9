import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { TOKEN_SCOPES } from '../../db/schema';
import { issueToken, MAX_TOKEN_DAYS, revokeToken } from '../lib/server/api-tokens';
import { actingUser, refuse } from './errors';

/** Admin form actions of /admin/tokens (admins only, by the access table: tokens open every employee's records to another system). Messages are catalogue keys. */
export const tokens = {
  /** Issues a token; the page shows it once from this result and never again. */
  issue: defineAction({
    accept: 'form',
    input: z.object({
      name: z.string({ error: 'tokens.badName' }).trim().min(1, 'tokens.badName').max(64, 'tokens.badName'),
      scopes: z.array(z.enum(TOKEN_SCOPES, { error: 'tokens.badScopes' }), { error: 'tokens.badScopes' }).min(1, 'tokens.badScopes'),
      days: z.number({ error: 'tokens.badDays' }).int('tokens.badDays').min(1, 'tokens.badDays').max(MAX_TOKEN_DAYS, 'tokens.badDays'),
    }),
    handler: async (input, { locals }) => {
      const actor = actingUser(locals, 'tokens.issue');
      const issued = await issueToken(actor.id, input).catch(refuse);
      return { name: input.name, token: issued.token };
    },
  }),

  /** Revokes a token at once. */
  revoke: defineAction({
    accept: 'form',
    input: z.object({ tokenId: z.number({ error: 'tokens.notFound' }).int('tokens.notFound').positive('tokens.notFound') }),
    handler: async ({ tokenId }, { locals }) => {
      const actor = actingUser(locals, 'tokens.revoke');
      return revokeToken(actor.id, tokenId).catch(refuse);
    },
  }),
};
