import { ActionError, isInputError } from 'astro:actions';
import type { MessageKey } from '../i18n';
import { zhCN } from '../i18n/zh-CN';
import { ServiceError } from '../lib/server/users';

/**
 * Shared by every action module. It lives apart from index.ts because index.ts imports the action
 * modules, and those need these helpers: importing them from index.ts would be circular.
 */

/** The action error code of each refusal status a service uses. */
const ACTION_CODES: Record<number, ActionError['code']> = { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT' };

/** Turns a service refusal into a typed action error whose message is a catalogue key. */
export function refuse(error: unknown): never {
  if (error instanceof ServiceError) throw new ActionError({ code: ACTION_CODES[error.status] ?? 'BAD_REQUEST', message: error.code });
  throw error;
}

/** The signed-in user or an UNAUTHORIZED action error. */
export function signedIn(locals: App.Locals) {
  if (!locals.user) throw new ActionError({ code: 'UNAUTHORIZED', message: 'login.expired' });
  return locals.user;
}

/** Is this string a key of the message catalogue (so it may be shown through `t`)? */
function isMessageKey(value: string | undefined): value is MessageKey {
  return value !== undefined && Object.hasOwn(zhCN, value);
}

/**
 * The catalogue keys a page shows for a failed form action: one per distinct input problem (our
 * schemas use keys as their messages), else the error's own key. Anything that is not a key (a
 * zod default, Astro's own English text) becomes `fallback`, so a page never shows raw internals.
 */
export function errorKeys(error: ActionError, fallback: MessageKey = 'common.badInput'): MessageKey[] {
  const raw = isInputError(error) ? error.issues.map((issue) => issue.message) : [error.message];
  const keys = raw.map((message) => (isMessageKey(message) ? message : fallback));
  return [...new Set(keys)];
}
