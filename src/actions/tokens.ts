import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { TOKEN_SCOPES } from '../../db/schema';
import { canManageUsers } from '../lib/server/access';
import { issueToken, MAX_TOKEN_DAYS, revokeToken } from '../lib/server/api-tokens';

/** The signed-in administrator, or FORBIDDEN: tokens open every employee's records to another system. */
function requireAdmin(locals: App.Locals) {
  const user = locals.user;
  if (!user || !canManageUsers(user)) throw new ActionError({ code: 'FORBIDDEN', message: 'forbidden.body' });
  return user;
}

/** Admin form actions of /admin/tokens. Messages are catalogue keys. */
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
      const actor = requireAdmin(locals);
      const issued = await issueToken(actor.id, input);
      return { name: input.name, token: issued.token };
    },
  }),

  /** Revokes a token at once. */
  revoke: defineAction({
    accept: 'form',
    input: z.object({ tokenId: z.number({ error: 'tokens.notFound' }).int('tokens.notFound').positive('tokens.notFound') }),
    handler: async ({ tokenId }, { locals }) => {
      const actor = requireAdmin(locals);
      const revoked = await revokeToken(actor.id, tokenId);
      if (!revoked) throw new ActionError({ code: 'NOT_FOUND', message: 'tokens.notFound' });
      return revoked;
    },
  }),
};
